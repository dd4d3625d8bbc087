# The egress decision: asked by the vault for every request leaving a sandbox.
#
# Entrypoint data.lap.egress.decision, always exactly one object:
#   {"allow": bool, "reason": string, "rule": string,
#    "inject": [credential ids], "headers": {"set": {name: value}, "remove": [names]},
#    "allow_encoded_slashes": bool, "capture": [{"from": source, "as": credential id}]}
#
# Which hosts are reachable, with which methods and credentials, is data: a "service" per group
# of hosts, configured in data.lap.egress.config (data.yaml next to this file) over the defaults
# below. The logic here only reads services; to open a host, edit data.yaml, not this file.
#
# The vault enforces on its own, whatever this says (docs: DESIGN.md, "Invariants"):
# a stub is swapped only toward a host in its credential's binding, and private, loopback,
# link-local, CGNAT and metadata addresses are refused after resolution. "inject" states the
# policy's intent; it can narrow what the vault swaps, never widen it.
package lap.egress

# The shipped configuration, used key by key wherever data.lap.egress.config says nothing, so
# the policy keeps its meaning when it is loaded without its data document.
#
# A service:
#   hosts        canonical host names (lower case, punycode) it answers for; a host in two
#                services is a configuration error and every request to it is refused
#   schemes      default ["https"]: a credential never travels in clear text
#   ports        default [443]
#   methods      default null (any); a list makes the service take only those methods, and
#                a method override header (X-HTTP-Method-Override, ...) must name one of them too
#   read_only    default false; true refuses what could write through a read: a method override
#                header and a body (Content-Length above 0 or Transfer-Encoding), on any method
#   allow_encoded_slashes
#                default false; true lets a path holding %2F, %5C or a raw backslash go out
#                (npm's scoped packages: /@types%2Fnode). Servers disagree on whether such a
#                path has one segment there or two, so the vault refuses it unless the decision
#                says "allow_encoded_slashes": true
#   websocket    default false; true lets a WebSocket opening handshake (input.request.upgrade
#                == "websocket") to these hosts go out. The vault relays the frames after it and
#                scrubs those toward the sandbox; a GET allowed on a host is not an upgrade
#                allowed, since a WebSocket is a long-lived two-way channel
#   credentials  {credential id: [placements]}: the stubs injected toward these hosts, and
#                where in the request each may sit ("authorization", "header:x-api-key",
#                "query:NAME", "body"); default {} (never inject)
#   headers      {"set": {...}, "remove": [...]} applied to allowed requests
#   captures     [{"method", "path", "from", "as"}]: secrets the service issues. The response to
#                METHOD PATH has its value at "from" ("json:FIELD[.FIELD...]" or
#                "header:set-cookie:NAME") kept by the vault as the session credential "as",
#                bound to exactly the host that issued it, and the sandbox gets a stub instead.
#                The stub comes back in a request as a credential with "captured": true; list
#                "as" in the service's credentials (placement "authorization" for a JSON token,
#                "header:cookie" for a cookie) to have the vault swap it back. A json: capture
#                needs a JSON response, so a request to it must ask for one (an Accept header
#                naming application/json): GitHub, for one, answers in form encoding otherwise,
#                which would carry the token past the vault uncaptured. Default [].
#   description  words for reasons
default_config := {"services": {
	"github": {
		"description": "GitHub: API, git over HTTPS, archives and raw files",
		"hosts": [
			"api.github.com",
			"github.com",
			"codeload.github.com",
			"raw.githubusercontent.com",
			"objects.githubusercontent.com",
		],
		"credentials": {"github": ["authorization"], "github_oauth": ["authorization"]},
		# An OAuth app's token (web or device flow): kept by the vault, bound to github.com, where
		# git over HTTPS takes it.
		"captures": [{
			"method": "POST",
			"path": "/login/oauth/access_token",
			"from": "json:access_token",
			"as": "github_oauth",
		}],
	},
	"anthropic": {
		"description": "model gateway: Anthropic API",
		"hosts": ["api.anthropic.com"],
		"credentials": {"anthropic": ["header:x-api-key", "authorization"]},
	},
	"openai": {
		"description": "model gateway: OpenAI API",
		"hosts": ["api.openai.com"],
		"websocket": true,
		"credentials": {"openai": ["authorization"]},
	},
	"registries": {
		"description": "package registries, read-only and unauthenticated",
		"hosts": [
			"registry.npmjs.org",
			"pypi.org",
			"files.pythonhosted.org",
			"repo.maven.apache.org",
			"repo1.maven.org",
		],
		"methods": ["GET", "HEAD"],
		"read_only": true,
		"allow_encoded_slashes": true,
	},
}}

service_defaults := {
	"description": "",
	"schemes": ["https"],
	"ports": [443],
	"methods": null,
	"read_only": false,
	"allow_encoded_slashes": false,
	"websocket": false,
	"credentials": {},
	"headers": {"set": {}, "remove": []},
	"captures": [],
}

default configured := {}

configured := data.lap.egress.config

# object.union merges objects recursively: data can add a service, or replace one list of one
# service, and inherit everything else.
settings := object.union(default_config, configured)

# A service whose entry is not an object drops out here, so its hosts fall to the default deny.
services[name] := object.union(service_defaults, entry) if {
	some name, entry in settings.services
	is_object(entry)
}

# --- the request, with defaults so that a partial input still gets a decision ------------------

request := object.get(input, "request", {})

method := object.get(request, "method", "")

path := object.get(request, "path", "")

host := object.get(request, "host", "")

scheme := object.get(request, "scheme", "")

port := object.get(request, "port", 0)

# The vault sends "" when no override header is present and false when no body is announced.
method_override := object.get(request, "method_override", "")

has_body := object.get(request, "has_body", false)

# "websocket" for a WebSocket opening handshake, "" otherwise (the vault refuses other upgrades).
upgrade := object.get(request, "upgrade", "")

presented := object.get(input, "credentials", [])

# --- the decision ------------------------------------------------------------------------------

no_headers := {"set": {}, "remove": []}

deny(rule, reason) := {"allow": false, "reason": reason, "rule": rule, "inject": [], "headers": no_headers, "allow_encoded_slashes": false, "capture": []}

# Only when even the chain below is undefined: an input so malformed sprintf cannot print it.
default decision := {
	"allow": false,
	"reason": "no rule allows this request (input does not follow the contract)",
	"rule": "default",
	"inject": [],
	"headers": {"set": {}, "remove": []},
	"allow_encoded_slashes": false,
	"capture": [],
}

# One complete rule with an else chain: exactly one value, and the first matching case wins.
decision := deny("default", "no rule allows a request without a method and a host") if {
	not non_empty(method)
} else := deny("default", "no rule allows a request without a method and a host") if {
	not non_empty(host)
} else := deny("default", sprintf("no rule allows %v %v", [method, host])) if {
	count(matches) == 0
} else := deny("config", sprintf("%v is listed by several services (%v); fix data.lap.egress.config", [host, concat(", ", sort(matches))])) if {
	count(matches) > 1
} else := service_decision

non_empty(s) if {
	is_string(s)
	s != ""
}

matches contains name if {
	some name, svc in services
	host in svc.hosts
}

# The one service the host belongs to (defined only when there is exactly one).
service := name if {
	count(matches) == 1
	some name in matches
}

svc := services[service]

service_decision := deny(service, sprintf("%v takes only %v, not %v", [service, concat(", ", svc.schemes), scheme])) if {
	not scheme in svc.schemes
} else := deny(service, sprintf("%v takes only port %v, not %v", [service, concat(", ", [sprintf("%v", [p]) | some p in svc.ports]), port])) if {
	not port in svc.ports
} else := deny(service, sprintf("%v refused on %v: %v (%v) allows only %v", [method, host, service, svc.description, concat(", ", svc.methods)])) if {
	not method_allowed
} else := deny(service, sprintf("%v refused on %v: a method override asks for %v, and %v (%v) allows only %v", [method, host, method_override, service, svc.description, concat(", ", svc.methods)])) if {
	not override_allowed
} else := deny(service, sprintf("%v refused on %v: it carries a method override (%v) and %v (%v) is read-only", [method, host, method_override, service, svc.description])) if {
	svc.read_only == true
	method_override != ""
} else := deny(service, sprintf("%v refused on %v: it carries a body and %v (%v) is read-only", [method, host, service, svc.description])) if {
	svc.read_only == true
	has_body == true
} else := deny(service, sprintf("%v refused on %v: a WebSocket upgrade, and %v (%v) takes no WebSocket connections", [method, host, service, svc.description])) if {
	upgrade == "websocket"
	svc.websocket != true
} else := deny(service, sprintf("%v refused on %v: an upgrade to %v is not relayed", [method, host, upgrade])) if {
	not upgrade_allowed
} else := deny(service, sprintf("%v has a malformed captures list; each entry needs string method, path, from and as (fix data.lap.egress.config)", [service])) if {
	not captures_valid
} else := deny(service, sprintf("%v %v on %v issues a token the vault captures from JSON: ask for JSON (Accept: application/json)", [method, path, host])) if {
	some c in capture
	startswith(c.from, "json:")
	not accepts_json
} else := {
	"allow": true,
	"reason": concat("; ", array.concat([sprintf("%v %v allowed by %v (%v)", [method, host, service, svc.description])], notes)),
	"rule": service,
	"inject": sort(injected),
	"headers": svc.headers,
	"allow_encoded_slashes": svc.allow_encoded_slashes == true,
	"capture": capture,
} if {
	# Stated again so that a malformed list in the configuration (a string where a list belongs)
	# makes the branches above undefined and this one fail too: the default deny, not an allow.
	scheme in svc.schemes
	port in svc.ports
	method_allowed
	override_allowed
	read_only_kept
	upgrade_allowed
	captures_valid
}

method_allowed if svc.methods == null

method_allowed if method in svc.methods

# No override, or one the service's methods take. The input's override is "" or a method name;
# anything else (a number, null) leaves this undefined, and the request is refused.
override_allowed if method_override == ""

override_allowed if {
	non_empty(method_override)
	svc.methods == null
}

override_allowed if method_override in svc.methods

# No upgrade, or a WebSocket where the service opted in; anything else (another protocol, a
# value that is not a string) leaves this undefined and the request is refused.
upgrade_allowed if upgrade == ""

upgrade_allowed if {
	upgrade == "websocket"
	svc.websocket == true
}

read_only_kept if svc.read_only == false

read_only_kept if {
	svc.read_only == true
	method_override == ""
	has_body == false
}

# --- captures ----------------------------------------------------------------------------------

# What the vault keeps from this response. A malformed entry refuses the request (above) rather
# than drop out of this list, which would let the secret it names through uncaptured.
capture := [{"from": c.from, "as": c.as} |
	some c in svc.captures
	c.method == method
	c.path == path
]

captures_valid if {
	is_array(svc.captures)
	every c in svc.captures {
		is_string(c.method)
		is_string(c.path)
		is_string(c.from)
		is_string(c.as)
	}
}

accepts_json if contains(lower(object.get(object.get(request, "headers", {}), "accept", "")), "application/json")

# --- credentials -------------------------------------------------------------------------------

# Presented stubs of credentials this service has no entry for: sent on as stubs, never swapped.
unbound contains c.id if {
	some c in presented
	not svc.credentials[c.id]
}

# Presentations of a bound credential in a place the service does not take it (a model key in a
# query string ends up in access logs). One such presentation withholds the credential entirely:
# an id in "inject" does not say where to swap.
misplaced contains sprintf("%v in %v", [c.id, c.placement]) if {
	some c in presented
	places := svc.credentials[c.id]
	not c.placement in places
}

misplaced_ids contains c.id if {
	some c in presented
	places := svc.credentials[c.id]
	not c.placement in places
}

injected := {c.id | some c in presented; svc.credentials[c.id]} - misplaced_ids

notes := [n | some n in [inject_note, unbound_note, misplaced_note]; n != ""]

default inject_note := ""

inject_note := sprintf("injecting %v", [concat(", ", sort(injected))]) if count(injected) > 0

default unbound_note := ""

unbound_note := sprintf("not injected, not bound to %v: %v", [service, concat(", ", sort(unbound))]) if count(unbound) > 0

default misplaced_note := ""

misplaced_note := sprintf("not injected, presented where %v does not take it: %v", [service, concat(", ", sort(misplaced))]) if count(misplaced) > 0
