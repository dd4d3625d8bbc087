# The role-based access control example from OPA's policy performance documentation, in v1
# syntax: user -> roles -> permissions, and a request allowed when one permission matches.
package rbac

import rego.v1

user_roles := {
	"alice": ["engineering", "webdev"],
	"bob": ["hr"],
}

role_permissions := {
	"engineering": [{"action": "read", "object": "server123"}],
	"webdev": [
		{"action": "read", "object": "server123"},
		{"action": "write", "object": "server123"},
	],
	"hr": [{"action": "read", "object": "database456"}],
}

default allow := false

allow if {
	some role in user_roles[input.user]
	some permission in role_permissions[role]
	permission == {"action": input.action, "object": input.object}
}
