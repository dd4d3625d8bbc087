package lap.egress_test

import data.lap.egress

# An input as the vault builds it: https on 443 unless a test says otherwise.
request(method, host) := {
	"scheme": "https",
	"host": host,
	"port": 443,
	"method": method,
	"path": "/",
	"query": "",
	"headers": {},
	"sni": host,
	"http_version": "HTTP/1.1",
	"method_override": "",
	"has_body": false,
	"upgrade": "",
}

input_for(method, host, credentials) := {
	"session": {"id": "s-1", "user": "alice", "agent": "claude-code", "repo": "acme/app", "labels": {}},
	"request": request(method, host),
	"credentials": credentials,
}

github_stub := {"id": "github", "env": "GITHUB_TOKEN", "placement": "authorization"}

anthropic_key := {"id": "anthropic", "env": "ANTHROPIC_API_KEY", "placement": "header:x-api-key"}

anthropic_bearer := {"id": "anthropic", "env": "ANTHROPIC_API_KEY", "placement": "authorization"}

openai_bearer := {"id": "openai", "env": "OPENAI_API_KEY", "placement": "authorization"}

keys := {"allow", "reason", "rule", "inject", "headers", "allow_encoded_slashes", "capture"}

# --- GitHub --------------------------------------------------------------------------------------

test_github_with_its_credential_is_allowed_and_injected if {
	d := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
	d.allow == true
	d.rule == "github"
	d.inject == ["github"]
	d.headers == {"set": {}, "remove": []}
	contains(d.reason, "GET api.github.com allowed by github")
	contains(d.reason, "injecting github")
}

test_every_github_host_is_allowed_and_injected if {
	every h in ["api.github.com", "github.com", "codeload.github.com", "raw.githubusercontent.com", "objects.githubusercontent.com"] {
		d := egress.decision with input as input_for("POST", h, [github_stub])
		d.allow == true
		d.inject == ["github"]
	}
}

test_github_without_a_credential_is_allowed_with_nothing_injected if {
	d := egress.decision with input as input_for("GET", "raw.githubusercontent.com", [])
	d.allow == true
	d.inject == []
	not contains(d.reason, "injecting")
}

test_github_over_plain_http_is_refused if {
	d := egress.decision with input as object.union(
		input_for("GET", "github.com", [github_stub]),
		{"request": {"scheme": "http", "port": 80}},
	)
	d.allow == false
	d.rule == "github"
	d.inject == []
	d.reason == "github takes only https, not http"
}

test_github_on_another_port_is_refused if {
	d := egress.decision with input as object.union(input_for("GET", "github.com", []), {"request": {"port": 8443}})
	d.allow == false
	d.reason == "github takes only port 443, not 8443"
}

test_github_credential_in_a_query_string_is_not_injected if {
	d := egress.decision with input as input_for(
		"GET", "api.github.com",
		[github_stub, {"id": "github", "env": "GITHUB_TOKEN", "placement": "query:access_token"}],
	)
	d.allow == true
	d.inject == []
	contains(d.reason, "not injected, presented where github does not take it: github in query:access_token")
}

# --- model gateways ----------------------------------------------------------------------------

test_anthropic_x_api_key_is_injected if {
	d := egress.decision with input as input_for("POST", "api.anthropic.com", [anthropic_key])
	d.allow == true
	d.rule == "anthropic"
	d.inject == ["anthropic"]
}

test_anthropic_authorization_is_injected if {
	d := egress.decision with input as input_for("POST", "api.anthropic.com", [anthropic_bearer])
	d.inject == ["anthropic"]
}

test_openai_bearer_is_injected if {
	d := egress.decision with input as input_for("POST", "api.openai.com", [openai_bearer])
	d.allow == true
	d.rule == "openai"
	d.inject == ["openai"]
}

test_openai_key_sent_to_anthropic_is_not_injected if {
	d := egress.decision with input as input_for("POST", "api.anthropic.com", [anthropic_key, openai_bearer])
	d.allow == true
	d.inject == ["anthropic"]
	contains(d.reason, "not injected, not bound to anthropic: openai")
}

test_openai_key_as_x_api_key_is_not_injected if {
	d := egress.decision with input as input_for(
		"POST", "api.openai.com",
		[{"id": "openai", "env": "OPENAI_API_KEY", "placement": "header:x-api-key"}],
	)
	d.inject == []
	contains(d.reason, "openai in header:x-api-key")
}

# --- package registries ------------------------------------------------------------------------

test_registry_read_is_allowed_without_inject if {
	every h in ["registry.npmjs.org", "pypi.org", "files.pythonhosted.org", "repo.maven.apache.org", "repo1.maven.org"] {
		every m in ["GET", "HEAD"] {
			d := egress.decision with input as input_for(m, h, [])
			d.allow == true
			d.rule == "registries"
			d.inject == []
		}
	}
}

test_registry_post_is_refused_naming_the_method if {
	d := egress.decision with input as input_for("POST", "registry.npmjs.org", [])
	d.allow == false
	d.rule == "registries"
	d.inject == []
	d.reason == "POST refused on registry.npmjs.org: registries (package registries, read-only and unauthenticated) allows only GET, HEAD"
}

test_registry_put_and_delete_are_refused if {
	every m in ["PUT", "DELETE", "PATCH", "get"] {
		d := egress.decision with input as input_for(m, "pypi.org", [])
		d.allow == false
		startswith(d.reason, sprintf("%v refused on pypi.org", [m]))
	}
}

test_github_stub_sent_to_npm_is_not_injected if {
	d := egress.decision with input as input_for("GET", "registry.npmjs.org", [github_stub])
	d.allow == true
	d.inject == []
	contains(d.reason, "not injected, not bound to registries: github")
}

# --- writes disguised as reads ------------------------------------------------------------------

with_request(i, fields) := object.union(i, {"request": fields})

test_registry_get_with_a_method_override_is_refused if {
	every header_method in ["DELETE", "PUT", "POST", "GET"] {
		d := egress.decision with input as with_request(input_for("GET", "registry.npmjs.org", []), {"method_override": header_method})
		d.allow == false
		d.rule == "registries"
		d.inject == []
	}
}

test_registry_override_to_a_write_names_the_overridden_method if {
	d := egress.decision with input as with_request(input_for("GET", "registry.npmjs.org", []), {"method_override": "DELETE"})
	d.reason == "GET refused on registry.npmjs.org: a method override asks for DELETE, and registries (package registries, read-only and unauthenticated) allows only GET, HEAD"
}

test_registry_override_to_a_read_is_still_refused_as_read_only if {
	d := egress.decision with input as with_request(input_for("HEAD", "pypi.org", []), {"method_override": "GET"})
	d.allow == false
	d.reason == "HEAD refused on pypi.org: it carries a method override (GET) and registries (package registries, read-only and unauthenticated) is read-only"
}

test_registry_get_or_head_with_a_body_is_refused if {
	every m in ["GET", "HEAD"] {
		d := egress.decision with input as with_request(input_for(m, "files.pythonhosted.org", []), {"has_body": true})
		d.allow == false
		d.rule == "registries"
		d.reason == sprintf("%v refused on files.pythonhosted.org: it carries a body and registries (package registries, read-only and unauthenticated) is read-only", [m])
	}
}

test_a_service_that_is_not_read_only_sees_the_override_against_its_methods if {
	narrowed := {"services": {"github": {"methods": ["GET", "POST"]}}}
	ok := egress.decision with input as with_request(input_for("POST", "api.github.com", [github_stub]), {"method_override": "GET"})
		with data.lap.egress.config as narrowed
	ok.allow == true
	refused := egress.decision with input as with_request(input_for("POST", "api.github.com", [github_stub]), {"method_override": "DELETE"})
		with data.lap.egress.config as narrowed
	refused.allow == false
	refused.inject == []
	contains(refused.reason, "a method override asks for DELETE")
}

test_a_service_taking_any_method_takes_an_override_and_a_body_on_get if {
	d := egress.decision with input as with_request(input_for("GET", "api.github.com", [github_stub]), {"method_override": "PATCH", "has_body": true})
	d.allow == true
	d.inject == ["github"]
}

test_a_malformed_override_or_body_flag_refuses_rather_than_allows if {
	every fields in [{"method_override": 7}, {"method_override": null}, {"has_body": "yes"}] {
		d := egress.decision with input as with_request(input_for("GET", "pypi.org", []), fields)
		d.allow == false
	}
	d := egress.decision with input as with_request(input_for("GET", "api.github.com", []), {"method_override": 7})
	d.allow == false
}

test_a_malformed_read_only_flag_refuses_rather_than_allows if {
	d := egress.decision with input as input_for("GET", "pypi.org", [])
		with data.lap.egress.config as {"services": {"registries": {"read_only": "yes"}}}
	d.allow == false
}

test_an_input_without_the_new_fields_is_judged_as_having_neither if {
	d := egress.decision with input as {"request": {"scheme": "https", "host": "pypi.org", "port": 443, "method": "GET"}}
	d.allow == true
}

# --- WebSocket upgrades --------------------------------------------------------------------------

test_a_websocket_upgrade_is_refused_where_a_get_is_allowed if {
	get := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
	get.allow == true
	d := egress.decision with input as with_request(input_for("GET", "api.github.com", [github_stub]), {"upgrade": "websocket"})
	d.allow == false
	d.rule == "github"
	d.inject == []
	d.reason == "GET refused on api.github.com: a WebSocket upgrade, and github (GitHub: API, git over HTTPS, archives and raw files) takes no WebSocket connections"
}

test_only_openai_takes_websocket_upgrades_as_shipped if {
	d := egress.decision with input as with_request(input_for("GET", "api.openai.com", [openai_bearer]), {"upgrade": "websocket"})
	d.allow == true
	d.inject == ["openai"]
	every h in ["api.anthropic.com", "registry.npmjs.org", "github.com"] {
		refused := egress.decision with input as with_request(input_for("GET", h, []), {"upgrade": "websocket"})
		refused.allow == false
	}
}

test_a_service_opts_in_to_websocket_in_data if {
	d := egress.decision with input as with_request(input_for("GET", "api.github.com", [github_stub]), {"upgrade": "websocket"})
		with data.lap.egress.config as {"services": {"github": {"websocket": true}}}
	d.allow == true
	d.inject == ["github"]
}

test_an_upgrade_other_than_websocket_or_malformed_is_refused if {
	every value in ["h2c", "WebSocket", 1, null, true] {
		d := egress.decision with input as with_request(input_for("GET", "api.openai.com", [openai_bearer]), {"upgrade": value})
		d.allow == false
		d.inject == []
	}
}

test_a_malformed_websocket_flag_does_not_opt_in if {
	d := egress.decision with input as with_request(input_for("GET", "api.github.com", [github_stub]), {"upgrade": "websocket"})
		with data.lap.egress.config as {"services": {"github": {"websocket": "yes"}}}
	d.allow == false
}

# --- encoded slashes -----------------------------------------------------------------------------

test_only_the_registries_opt_in_to_encoded_slashes if {
	npm := egress.decision with input as input_for("GET", "registry.npmjs.org", [])
	npm.allow_encoded_slashes == true
	gh := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
	gh.allow == true
	gh.allow_encoded_slashes == false
	refused := egress.decision with input as input_for("GET", "nowhere.example", [])
	refused.allow_encoded_slashes == false
}

test_a_service_can_opt_in_to_encoded_slashes_in_data if {
	d := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
		with data.lap.egress.config as {"services": {"github": {"allow_encoded_slashes": true}}}
	d.allow_encoded_slashes == true
}

test_a_malformed_encoded_slashes_flag_does_not_opt_in if {
	d := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
		with data.lap.egress.config as {"services": {"github": {"allow_encoded_slashes": "yes"}}}
	d.allow_encoded_slashes == false
}

# --- default deny ------------------------------------------------------------------------------

test_unknown_host_is_refused_by_default if {
	d := egress.decision with input as input_for("GET", "evil.example.com", [github_stub])
	d.allow == false
	d.rule == "default"
	d.reason == "no rule allows GET evil.example.com"
	d.inject == []
}

test_lookalike_hosts_are_refused if {
	every h in ["api.github.com.evil.example", "github.com.", "API.GITHUB.COM", "evilgithub.com", "githubusercontent.com"] {
		d := egress.decision with input as input_for("GET", h, [github_stub])
		d.allow == false
		d.rule == "default"
	}
}

test_empty_input_is_refused_with_a_reason if {
	d := egress.decision with input as {}
	d.allow == false
	d.rule == "default"
	d.reason == "no rule allows a request without a method and a host"
}

test_input_that_is_not_an_object_is_refused if {
	d := egress.decision with input as "GET api.github.com"
	d.allow == false
	d.rule == "default"
}

test_every_decision_has_every_key if {
	every i in [
		input_for("GET", "api.github.com", [github_stub]),
		input_for("POST", "pypi.org", []),
		input_for("GET", "nowhere.example", []),
		{},
	] {
		d := egress.decision with input as i
		object.keys(d) == keys
		is_boolean(d.allow)
		is_string(d.reason)
		d.reason != ""
		is_string(d.rule)
		d.rule != ""
		is_array(d.inject)
		is_object(d.headers.set)
		is_array(d.headers.remove)
	}
}

# --- configuration -----------------------------------------------------------------------------

test_config_adds_a_service_without_touching_the_logic if {
	config := {"services": {"internal-git": {
		"description": "the company's git server",
		"hosts": ["git.corp.example"],
		"credentials": {"corp-git": ["authorization"]},
	}}}
	d := egress.decision with input as input_for("GET", "git.corp.example", [{"id": "corp-git", "env": "GIT_TOKEN", "placement": "authorization"}])
		with data.lap.egress.config as config
	d.allow == true
	d.rule == "internal-git"
	d.inject == ["corp-git"]

	# the shipped services are still there
	g := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
		with data.lap.egress.config as config
	g.inject == ["github"]
}

test_config_replaces_one_list_of_one_service if {
	d := egress.decision with input as input_for("GET", "registry.yarnpkg.com", [])
		with data.lap.egress.config as {"services": {"registries": {"hosts": ["registry.npmjs.org", "registry.yarnpkg.com"]}}}
	d.allow == true
	d.rule == "registries"

	# methods were not replaced: still read-only
	p := egress.decision with input as input_for("POST", "registry.yarnpkg.com", [])
		with data.lap.egress.config as {"services": {"registries": {"hosts": ["registry.yarnpkg.com"]}}}
	p.allow == false
}

test_defaults_apply_without_a_data_document if {
	d := egress.decision with input as input_for("POST", "api.openai.com", [openai_bearer])
		with data.lap.egress.config as {}
	d.inject == ["openai"]
}

test_a_host_in_two_services_is_refused if {
	d := egress.decision with input as input_for("GET", "pypi.org", [github_stub])
		with data.lap.egress.config as {"services": {"mirror": {"hosts": ["pypi.org"], "credentials": {"github": ["authorization"]}}}}
	d.allow == false
	d.rule == "config"
	d.reason == "pypi.org is listed by several services (mirror, registries); fix data.lap.egress.config"
}

test_a_malformed_service_entry_falls_to_the_default_deny if {
	d := egress.decision with input as input_for("GET", "bad.example", [])
		with data.lap.egress.config as {"services": {"bad": ["bad.example"]}}
	d.allow == false
	d.rule == "default"
}

test_config_headers_are_applied_to_allowed_requests if {
	d := egress.decision with input as input_for("GET", "pypi.org", [])
		with data.lap.egress.config as {"services": {"registries": {"headers": {"remove": ["cookie"]}}}}
	d.allow == true
	d.headers == {"set": {}, "remove": ["cookie"]}
}

test_a_malformed_method_list_refuses_rather_than_allows if {
	d := egress.decision with input as input_for("POST", "pypi.org", [])
		with data.lap.egress.config as {"services": {"registries": {"methods": "GET"}}}
	d.allow == false
}

test_a_malformed_scheme_list_refuses_rather_than_allows if {
	d := egress.decision with input as input_for("GET", "api.github.com", [github_stub])
		with data.lap.egress.config as {"services": {"github": {"schemes": "https"}}}
	d.allow == false
	d.inject == []
}

test_a_port_written_as_a_string_is_refused if {
	d := egress.decision with input as object.union(input_for("GET", "api.github.com", []), {"request": {"port": "443"}})
	d.allow == false
	d.rule == "github"
}

test_shipped_data_document_is_loaded if {
	"api.github.com" in data.lap.egress.config.services.github.hosts
}

# --- captures: secrets the upstream issues ------------------------------------------------------

token_request(accept) := object.union(
	input_for("POST", "github.com", []),
	{"request": {"path": "/login/oauth/access_token", "headers": {"accept": accept}}},
)

github_oauth_stub := {"id": "github_oauth", "env": "", "placement": "authorization", "captured": true}

test_the_github_token_endpoint_has_its_access_token_captured if {
	d := egress.decision with input as token_request("application/json")
	d.allow == true
	d.capture == [{"from": "json:access_token", "as": "github_oauth"}]
}

test_a_token_request_that_does_not_ask_for_json_is_refused if {
	d := egress.decision with input as token_request("*/*")
	d.allow == false
	d.capture == []
	d.reason == "POST /login/oauth/access_token on github.com issues a token the vault captures from JSON: ask for JSON (Accept: application/json)"
}

test_other_requests_capture_nothing if {
	d := egress.decision with input as input_for("POST", "github.com", [])
	d.allow == true
	d.capture == []
	g := egress.decision with input as object.union(token_request("application/json"), {"request": {"method": "GET"}})
	g.capture == []
}

test_a_captured_token_presented_to_github_is_injected if {
	d := egress.decision with input as input_for("GET", "github.com", [github_oauth_stub])
	d.allow == true
	d.inject == ["github_oauth"]
}

test_a_captured_token_is_not_injected_where_the_service_does_not_list_it if {
	d := egress.decision with input as input_for("POST", "api.openai.com", [github_oauth_stub])
	d.allow == true
	d.inject == []
	contains(d.reason, "not injected, not bound to openai: github_oauth")
}

test_a_malformed_captures_entry_refuses_rather_than_lets_a_secret_through if {
	d := egress.decision with input as token_request("application/json")
		with data.lap.egress.config as {"services": {"github": {"captures": [{"method": "POST", "path": "/login/oauth/access_token", "from": "json:access_token"}]}}}
	d.allow == false
	d.rule == "github"
	contains(d.reason, "malformed captures list")
	n := egress.decision with input as input_for("GET", "api.github.com", [])
		with data.lap.egress.config as {"services": {"github": {"captures": "json:access_token"}}}
	n.allow == false
}

test_a_service_can_capture_a_session_cookie if {
	cfg := {"services": {"app": {
		"hosts": ["app.example.com"],
		"credentials": {"app_session": ["header:cookie"]},
		"captures": [{"method": "POST", "path": "/session", "from": "header:set-cookie:sid", "as": "app_session"}],
	}}}
	login := egress.decision with input as object.union(input_for("POST", "app.example.com", []), {"request": {"path": "/session"}})
		with data.lap.egress.config as cfg
	login.allow == true
	login.capture == [{"from": "header:set-cookie:sid", "as": "app_session"}]
	later := egress.decision with input as input_for("GET", "app.example.com", [{"id": "app_session", "env": "", "placement": "header:cookie", "captured": true}])
		with data.lap.egress.config as cfg
	later.inject == ["app_session"]
}
