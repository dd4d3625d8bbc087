# VaultCaptureIT: every request is allowed; a token endpoint's access_token, a nested token and a
# login's session cookie are captured, and every captured credential found in a request is
# injected (the vault itself keeps each one to the host that issued it).
package lap.egress

decision := {
	"allow": true,
	"reason": "test policy: capture and inject",
	"rule": "capture",
	"inject": [c.id | some c in input.credentials; c.captured],
	"capture": captures,
}

default captures := []

captures := [{"from": "json:access_token", "as": "oauth"}] if input.request.path in {"/token", "/no-token", "/big", "/not-json", "/number-token"}

captures := [{"from": "json:data.token", "as": "nested"}] if input.request.path == "/nested-token"

captures := [{"from": "header:set-cookie:sid", "as": "session"}] if input.request.path == "/login"

captures := [{"from": "json:", "as": "broken"}] if input.request.path == "/malformed-capture"

captures := [{"from": "json:access_token", "as": "Upper Case"}] if input.request.path == "/malformed-id"
