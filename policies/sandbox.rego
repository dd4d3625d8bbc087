# Session admission: asked by lap-server when a session is created, before anything starts.
#
# Entrypoint data.lap.sandbox.admit, always exactly one object:
#   {"allow": bool, "reason": string, "rule": string,
#    "ttl": seconds, "idle_ttl": seconds,
#    "limits": {"memory_bytes": n, "max_processes": n}}
#
# Input: {"user", "agent", "name", "repo", "runtime",
#         "requested": {"ttl": seconds (0 = none asked), "limits": {"memory_bytes", "max_processes"}}}
#
# What is allowed is data: data.lap.sandbox.config (data.yaml next to this file), merged over the
# defaults below key by key. A refusal says what was refused and what is allowed instead; the
# server answers it as a 403 with this reason. Anything this policy cannot decide refuses.
package lap.sandbox

# agents        the catalog names a session may run
# default_ttl   the absolute TTL (seconds) when the request asks for none
# max_ttl       the longest absolute TTL (seconds) a request may ask for
# idle_ttl      how long (seconds) a session may go without terminal input or output
# max_limits    the most a session may ask for; also what it gets when it asks for nothing
default_config := {
	"agents": ["shell", "claude-code", "codex", "opencode"],
	"default_ttl": 28800,
	"max_ttl": 86400,
	"idle_ttl": 86400,
	"max_limits": {"memory_bytes": 4294967296, "max_processes": 1024},
}

default configured := {}

configured := data.lap.sandbox.config

settings := object.union(default_config, configured)

requested_ttl := object.get(input, ["requested", "ttl"], 0)

ttl := settings.default_ttl if requested_ttl == 0

else := requested_ttl

limit(name) := v if {
	v := input.requested.limits[name]
	v > 0
} else := settings.max_limits[name]

limits := {name: limit(name) | some name, _ in settings.max_limits}

hours(seconds) := sprintf("%vh", [seconds / 3600]) if seconds % 3600 == 0

else := sprintf("%vs", [seconds])

refuse(rule, reason) := {"allow": false, "rule": rule, "reason": reason}

default admit := {"allow": false, "rule": "default", "reason": "the session request is malformed: no agent"}

admit := refuse("agent", sprintf("agent %v is not allowed; allowed agents: %v", [input.agent, concat(", ", settings.agents)])) if {
	is_string(input.agent)
	not input.agent in settings.agents
} else := refuse("ttl", sprintf("a TTL of %v exceeds the maximum of %v; ask for %v or less", [hours(requested_ttl), hours(settings.max_ttl), hours(settings.max_ttl)])) if {
	requested_ttl > settings.max_ttl
} else := refuse("ttl", "the TTL must be positive") if {
	requested_ttl < 0
} else := refuse("limits", sprintf("%v of %v exceeds the maximum of %v", [name, input.requested.limits[name], settings.max_limits[name]])) if {
	some name, max in settings.max_limits
	input.requested.limits[name] > max
} else := {
	"allow": true,
	"rule": "admitted",
	"reason": sprintf("agent %v admitted for %v", [input.agent, hours(ttl)]),
	"ttl": ttl,
	"idle_ttl": settings.idle_ttl,
	"limits": limits,
} if {
	is_string(input.agent)
}
