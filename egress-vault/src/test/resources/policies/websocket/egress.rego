# VaultWebSocketIT and VaultInterimResponsesIT: ws.example takes WebSocket upgrades and plain
# requests with the github credential injected; plain.example takes plain requests only, so a
# WebSocket upgrade to it is refused by the policy (a GET allowed is not an upgrade allowed).
package lap.egress

default decision := {"allow": false, "reason": "not a test host", "rule": "default"}

decision := {"allow": true, "reason": "test policy: ws.example takes WebSockets", "rule": "ws", "inject": ["github"]} if {
	input.request.host == "ws.example"
}

decision := {"allow": false, "reason": "plain.example takes no WebSocket upgrades", "rule": "no_websocket"} if {
	input.request.host == "plain.example"
	input.request.upgrade == "websocket"
}

decision := {"allow": true, "reason": "plain.example without an upgrade", "rule": "plain", "inject": ["github"]} if {
	input.request.host == "plain.example"
	input.request.upgrade == ""
}
