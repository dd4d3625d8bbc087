package dev.lap.sandbox.agent;

import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * What a session can run and how: {@link #launch} turns a catalog name into the command and
 * configuration that send the agent's model traffic to its configured endpoint. The key each
 * agent sends is the stub of the endpoint's credential (the vault swaps it for the real key on
 * the way out); an agent reads it from the variable its CLI expects, copied from the credential's
 * variable when the two differ.
 */
public final class AgentCatalog {
    /** Where the sandbox finds programs: the host's, since it binds the host's {@code /usr}. */
    public static final List<Path> SYSTEM_PATH =
            List.of(Path.of("/usr/local/bin"), Path.of("/usr/bin"), Path.of("/bin"));

    private static final String HOME = "/home/agent";

    private final AgentModels models;
    private final List<Path> searchPath;

    public AgentCatalog(AgentModels models, List<Path> searchPath) {
        this.models = Objects.requireNonNull(models, "models");
        this.searchPath = List.copyOf(searchPath);
    }

    public AgentCatalog(AgentModels models) {
        this(models, SYSTEM_PATH);
    }

    /** Every agent, in catalog order, with whether it is installed here. */
    public List<AgentInfo> list() {
        return Arrays.stream(Agent.values())
                .map(a -> new AgentInfo(a.id, a.description, installed(a).isPresent(), a.install))
                .toList();
    }

    /** The credential ids an agent's model traffic needs (a session should be granted them). */
    public Set<String> credentialsFor(String name) throws SandboxException {
        return switch (agent(name)) {
            case SHELL -> Set.of();
            case CLAUDE_CODE, OPENCODE -> credential(models.anthropic());
            case CODEX -> credential(models.openai());
        };
    }

    /**
     * The launch of agent {@code name}; a clear error when the name is unknown, its CLI is not
     * installed (naming the command that installs it) or its model endpoint is not configured.
     */
    public AgentLaunch launch(String name) throws SandboxException {
        Agent agent = agent(name);
        if (installed(agent).isEmpty()) {
            throw new SandboxException("agent " + agent.id + " is not installed: `" + agent.program + "` is not in "
                    + searchPath.stream().map(Path::toString).collect(Collectors.joining(":"))
                    + "; install it with: " + agent.install);
        }
        return switch (agent) {
            case SHELL -> new AgentLaunch(agent.id, List.of("bash"), Map.of(), Map.of());
            case CLAUDE_CODE -> claudeCode(required(agent, models.anthropic()));
            case CODEX -> codex(required(agent, models.openai()));
            case OPENCODE -> opencode(required(agent, models.anthropic()));
        };
    }

    private static AgentLaunch claudeCode(ModelEndpoint e) {
        return new AgentLaunch(
                Agent.CLAUDE_CODE.id,
                keyed(e, "ANTHROPIC_API_KEY", "claude"),
                Map.of(
                        "ANTHROPIC_BASE_URL",
                        e.base(),
                        "ANTHROPIC_MODEL",
                        e.model(),
                        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
                        "1",
                        "DISABLE_AUTOUPDATER",
                        "1"),
                Map.of());
    }

    /** Codex ignores OPENAI_BASE_URL: a provider block in its config names the URL and the key's variable. */
    private static AgentLaunch codex(ModelEndpoint e) {
        String config = """
                model = "%s"
                model_provider = "lap"

                [model_providers.lap]
                name = "lap vault"
                base_url = "%s"
                env_key = "%s"
                wire_api = "responses"

                [features]
                plugins = false
                """.formatted(e.model(), e.base(), e.keyVariable());
        return new AgentLaunch(
                Agent.CODEX.id,
                List.of("codex"),
                Map.of("CODEX_HOME", HOME + "/.codex"),
                Map.of(".codex/config.toml", config));
    }

    /** opencode reads its whole configuration from OPENCODE_CONFIG_CONTENT; {env:…} names the stub's variable. */
    private static AgentLaunch opencode(ModelEndpoint e) {
        String base = e.base().endsWith("/v1") ? e.base() : e.base() + "/v1";
        String config = """
                {"$schema":"https://opencode.ai/config.json","autoupdate":false,"share":"disabled",\
                "model":"anthropic/%s",\
                "provider":{"anthropic":{"options":{"baseURL":"%s","apiKey":"{env:%s}"}}},\
                "permission":{"edit":"allow","bash":"allow","webfetch":"allow"}}""".formatted(e.model(), base, e.keyVariable());
        return new AgentLaunch(
                Agent.OPENCODE.id, List.of("opencode"), Map.of("OPENCODE_CONFIG_CONTENT", config), Map.of());
    }

    /** The program, started with {@code variable} holding the stub when the credential's variable differs. */
    private static List<String> keyed(ModelEndpoint e, String variable, String program) {
        if (e.keyVariable().equals(variable)) {
            return List.of(program);
        }
        return List.of("/bin/sh", "-c", "export " + variable + "=\"$" + e.keyVariable() + "\"; exec " + program);
    }

    private static Agent agent(String name) throws SandboxException {
        for (Agent a : Agent.values()) {
            if (a.id.equals(name)) {
                return a;
            }
        }
        throw new SandboxException("no agent named '" + name + "'; the catalog has "
                + Arrays.stream(Agent.values()).map(a -> a.id).collect(Collectors.joining(", ")));
    }

    private static Set<String> credential(@Nullable ModelEndpoint e) {
        return e == null ? Set.of() : Set.of(e.credentialId());
    }

    private static ModelEndpoint required(Agent agent, @Nullable ModelEndpoint e) throws SandboxException {
        if (e == null) {
            throw new SandboxException("agent " + agent.id + " has no model endpoint configured; set its base URL,"
                    + " credential id and key variable in lap-server's configuration");
        }
        return e;
    }

    private Optional<Path> installed(Agent agent) {
        return searchPath.stream()
                .map(dir -> dir.resolve(agent.program))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
