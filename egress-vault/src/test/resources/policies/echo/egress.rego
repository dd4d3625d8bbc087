# VaultHostileUpstreamIT: every request to the echoing upstream is allowed with the credential
# injected, so the upstream holds the real value it then echoes.
package lap.egress

decision := {
	"allow": true,
	"reason": "test policy: the echo service gets the github credential",
	"rule": "echo",
	"inject": ["github"],
}
