package lap.sandbox_test

import data.lap.sandbox

request(agent, ttl) := {
	"user": "alice",
	"agent": agent,
	"name": "work",
	"repo": "",
	"runtime": "local",
	"requested": {"ttl": ttl, "limits": {"memory_bytes": 0, "max_processes": 0}},
}

test_shell_is_admitted_with_the_default_ttl if {
	d := sandbox.admit with input as request("shell", 0)
	d.allow == true
	d.ttl == 28800
	d.idle_ttl == 86400
	d.rule == "admitted"
}

test_a_requested_ttl_within_the_maximum_is_kept if {
	d := sandbox.admit with input as request("claude-code", 3600)
	d.allow == true
	d.ttl == 3600
}

test_an_unknown_agent_is_refused_naming_the_allowed_ones if {
	d := sandbox.admit with input as request("rm-rf", 0)
	d.allow == false
	d.rule == "agent"
	contains(d.reason, "agent rm-rf is not allowed")
	contains(d.reason, "shell, claude-code, codex, opencode")
}

test_a_ttl_above_the_maximum_is_refused_with_the_maximum if {
	d := sandbox.admit with input as request("shell", 172800)
	d.allow == false
	d.rule == "ttl"
	d.reason == "a TTL of 48h exceeds the maximum of 24h; ask for 24h or less"
}

test_a_negative_ttl_is_refused if {
	d := sandbox.admit with input as request("shell", -5)
	d.allow == false
}

test_unrequested_limits_are_the_maximum if {
	d := sandbox.admit with input as request("shell", 0)
	d.limits == {"memory_bytes": 4294967296, "max_processes": 1024}
}

test_requested_limits_below_the_maximum_are_kept if {
	r := object.union(request("shell", 0), {"requested": {"ttl": 0, "limits": {"memory_bytes": 1073741824, "max_processes": 0}}})
	d := sandbox.admit with input as r
	d.allow == true
	d.limits.memory_bytes == 1073741824
	d.limits.max_processes == 1024
}

test_limits_above_the_maximum_are_refused if {
	r := object.union(request("shell", 0), {"requested": {"ttl": 0, "limits": {"memory_bytes": 0, "max_processes": 99999}}})
	d := sandbox.admit with input as r
	d.allow == false
	d.rule == "limits"
	contains(d.reason, "max_processes of 99999 exceeds the maximum of 1024")
}

test_no_agent_is_refused if {
	d := sandbox.admit with input as {"user": "alice"}
	d.allow == false
	d.rule == "default"
}

test_configuration_narrows_the_agents if {
	d := sandbox.admit with input as request("codex", 0) with data.lap.sandbox.config as {"agents": ["shell"]}
	d.allow == false
	d.reason == "agent codex is not allowed; allowed agents: shell"
}
