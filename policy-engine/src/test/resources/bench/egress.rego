# A realistic egress decision, the shape data.lap.egress.decision takes in the gateway:
# a host allow-list with globs, credentials bound to hosts and placements, method and path
# rules. Used by EgressBenchmark; the shipped policy lives in policies/.
package lap.egress

import rego.v1

bindings := {
	"github": {
		"hosts": ["api.github.com", "github.com", "codeload.github.com", "*.githubusercontent.com"],
		"placements": {"authorization"},
	},
	"anthropic": {
		"hosts": ["api.anthropic.com"],
		"placements": {"authorization", "header:x-api-key"},
	},
}

registries := {"registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "repo.maven.apache.org", "repo1.maven.org"}

read_only := {"GET", "HEAD"}

github_write_paths := ["/repos/*/*/pulls", "/repos/*/*/issues/*/comments", "/repos/*/*/git/refs"]

# Credentials found in the request whose binding covers this host and placement.
injectable contains c.id if {
	some c in input.credentials
	b := bindings[c.id]
	c.placement in b.placements
	some pattern in b.hosts
	glob.match(pattern, ["."], input.request.host)
}

misplaced contains c.id if {
	some c in input.credentials
	not c.id in injectable
}

github_host if {
	some pattern in bindings.github.hosts
	glob.match(pattern, ["."], input.request.host)
}

github_method_allowed if input.request.method in read_only

github_method_allowed if {
	input.request.method in {"POST", "PATCH"}
	some pattern in github_write_paths
	glob.match(pattern, ["/"], input.request.path)
}

default decision := {
	"allow": false,
	"reason": "destination is not on the allow-list",
	"rule": "default_deny",
	"inject": [],
}

decision := {
	"allow": false,
	"reason": sprintf("credential %s is not bound to %s", [concat(",", misplaced), input.request.host]),
	"rule": "credential_binding",
	"inject": [],
} if {
	count(misplaced) > 0
} else := {
	"allow": true,
	"reason": "package registry, read-only",
	"rule": "registry_read",
	"inject": [],
} if {
	input.request.host in registries
	input.request.method in read_only
} else := {
	"allow": true,
	"reason": "GitHub with the GitHub credential",
	"rule": "github",
	"inject": sort(injectable),
} if {
	github_host
	github_method_allowed
} else := {
	"allow": true,
	"reason": "model gateway",
	"rule": "model_gateway",
	"inject": sort(injectable),
} if {
	input.request.host == "api.anthropic.com"
	input.request.method == "POST"
	startswith(input.request.path, "/v1/")
}
