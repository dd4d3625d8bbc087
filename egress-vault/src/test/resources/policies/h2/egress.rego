# VaultHttp2IT: every stream is judged on its own. Paths under /forbidden are refused, every other
# request is allowed with the github credential injected; both reasons name the HTTP version the
# policy saw, so a test can tell that a stream was judged as HTTP/2.
package lap.egress

decision := {
	"allow": false,
	"reason": sprintf("refused over %s", [input.request.http_version]),
	"rule": "forbidden_path",
} if {
	startswith(input.request.path, "/forbidden")
}

decision := {
	"allow": true,
	"reason": sprintf("allowed over %s", [input.request.http_version]),
	"rule": "h2_test",
	"inject": ["github"],
} if {
	not startswith(input.request.path, "/forbidden")
}
