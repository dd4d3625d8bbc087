package dev.lap.sandbox.runtime;

import dev.lap.vault.policy.EgressInput;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a runtime needs to start (or find again) one session's sandbox.
 *
 * @param sessionId the session's id; names the sandbox and its state directory
 * @param stateDir the session's own directory (vault CA and stubs, sockets, workspace); it
 *     survives a server restart, so {@link SandboxRuntime#recover} can rebuild from it
 * @param session who and what the session is, as the egress policy sees it
 * @param grantedCredentials the credential ids the session receives as stubs
 *     ({@code data.lap.credentials.grants}); every other credential is absent from its vault
 * @param agent what runs in the sandbox, under tmux
 * @param repo a repository to clone into the workspace through the session's vault, if any
 * @param limits resource limits, applied where the kernel allows
 */
public record SandboxSpec(
        String sessionId,
        Path stateDir,
        EgressInput.Session session,
        Set<String> grantedCredentials,
        AgentLaunch agent,
        Optional<URI> repo,
        ResourceLimits limits) {
    public SandboxSpec {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(session, "session");
        grantedCredentials = Set.copyOf(grantedCredentials);
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(limits, "limits");
    }

    /**
     * The command an agent runs as and the environment it needs beyond the vault's (proxy
     * variables, CA bundle and stubs are the runtime's to add).
     *
     * @param name the catalog name ({@code shell}, {@code claude-code}, …)
     * @param command the program and its arguments, run inside the sandbox under tmux
     * @param environment extra variables, for example the model endpoint's base URL
     * @param files files to write into the sandbox's home before start, by path relative to it
     *     (for example {@code .codex/config.toml})
     */
    public record AgentLaunch(
            String name, List<String> command, Map<String, String> environment, Map<String, String> files) {
        public AgentLaunch {
            Objects.requireNonNull(name, "name");
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
            files = Map.copyOf(files);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("agent " + name + " has no command");
            }
        }
    }

    /**
     * Limits on the sandbox. A runtime applies each one the kernel lets it apply and reports the
     * rest through {@link Sandbox#unenforcedLimits()} rather than failing the session.
     *
     * @param memoryBytes the most memory its processes may use together; 0 = no limit
     * @param maxProcesses the most processes (tasks) it may have at once; 0 = no limit
     * @param startTimeout how long start may take before the session fails
     */
    public record ResourceLimits(long memoryBytes, int maxProcesses, Duration startTimeout) {
        public static final ResourceLimits DEFAULT = new ResourceLimits(0, 0, Duration.ofSeconds(60));

        public ResourceLimits {
            if (memoryBytes < 0 || maxProcesses < 0) {
                throw new IllegalArgumentException("limits must be >= 0");
            }
            Objects.requireNonNull(startTimeout, "startTimeout");
        }
    }
}
