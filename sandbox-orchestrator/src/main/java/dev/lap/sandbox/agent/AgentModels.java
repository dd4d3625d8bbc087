package dev.lap.sandbox.agent;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The model endpoints the catalog's agents use; lap-server fills this from its configuration. An
 * agent whose endpoint is null cannot start.
 *
 * @param anthropic the Messages API (Claude Code, opencode)
 * @param openai the Responses API (Codex)
 */
public record AgentModels(
        @Nullable ModelEndpoint anthropic, @Nullable ModelEndpoint openai) {
    /** The public APIs, with credentials named {@code anthropic} and {@code openai}. */
    public static final AgentModels DEFAULTS = new AgentModels(
            new ModelEndpoint(
                    URI.create("https://api.anthropic.com"), "anthropic", "ANTHROPIC_API_KEY", "claude-sonnet-4-5"),
            new ModelEndpoint(URI.create("https://api.openai.com/v1"), "openai", "OPENAI_API_KEY", "gpt-5-codex"));
}
