# For VaultJudgedRequestIT: allows everything and hands the upstream what the policy saw, so a
# test can compare what was judged with what was forwarded. Only paths under /opt-in/ may carry
# an encoded slash.
package lap.egress

decision := {
	"allow": true,
	"reason": "test policy: shows the upstream what was judged",
	"rule": "mirror",
	"inject": [],
	"headers": {"set": {
		"x-judged-path": input.request.path,
		"x-judged-override": sprintf("[%v]", [input.request.method_override]),
		"x-judged-body": sprintf("%v", [input.request.has_body]),
		"x-judged-sni": sprintf("%v", [input.request.sni]),
	}},
	"allow_encoded_slashes": startswith(input.request.path, "/opt-in/"),
}
