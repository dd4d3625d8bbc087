# A deliberately reckless policy for VaultInvariantsIT: it allows every request, injects every
# credential and sets a header. The vault's own invariants (credential binding, placements, the
# private-address refusal, TRACE) must hold anyway.
package lap.egress

decision := {
	"allow": true,
	"reason": "test policy: everything is allowed",
	"rule": "permit_all",
	"inject": ["github", "body_token"],
	"headers": {"set": {"x-lap-policy": "set-by-policy"}, "remove": ["x-remove-me"]},
}
