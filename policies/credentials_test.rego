package lap.credentials_test

import data.lap.credentials

session(agent) := {
	"session": {"id": "s-1", "user": "alice", "agent": agent, "repo": "", "labels": {}},
	"user": "alice",
	"agent": agent,
	"repo": "",
}

test_a_shell_gets_github_only if {
	g := credentials.grants with input as session("shell")
	g == {"github"}
}

test_claude_code_gets_github_and_anthropic if {
	g := credentials.grants with input as session("claude-code")
	g == {"github", "anthropic"}
}

test_codex_gets_openai_not_anthropic if {
	g := credentials.grants with input as session("codex")
	g == {"github", "openai"}
}

test_configuration_replaces_a_grant if {
	g := credentials.grants with input as session("shell") with data.lap.credentials.config as {"grants": {"github": ["claude-code"]}}
	g == set()
}

test_no_agent_gets_nothing if {
	g := credentials.grants with input as {}
	g == set()
}
