# Credential grants: asked by lap-server when a session is created, after admission.
#
# Entrypoint data.lap.credentials.grants: the set of credential ids whose stubs the session's
# vault holds. A credential not granted is absent from the sandbox altogether (no stub, no
# variable), whatever the egress policy would allow.
#
# Input: {"session": {"id", "user", "agent", "repo", "labels"}, "user", "agent", "repo"}
#
# Which agent gets which credential is data: data.lap.credentials.config.grants (data.yaml next
# to this file) maps a credential id to the agents that receive it, replacing the defaults below
# credential by credential. "*" stands for every agent.
package lap.credentials

default_config := {"grants": {
	"github": ["*"],
	"anthropic": ["claude-code"],
	"openai": ["codex", "opencode"],
}}

default configured := {}

configured := data.lap.credentials.config

settings := object.union(default_config, configured)

grants contains id if {
	some id, agents in settings.grants
	some agent in agents
	agent in {"*", input.agent}
	is_string(input.agent)
}
