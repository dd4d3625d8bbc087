package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

import dev.lap.sandbox.runtime.SandboxSpec.ResourceLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A session as the store keeps it.
 *
 * @param repo the repository asked for, or "" for none
 * @param reason why the session is in its state (the last transition's reason)
 * @param expiresAt when the absolute TTL ends it
 * @param idleTtl how long it may go without terminal activity
 * @param credentials the credential ids granted as stubs
 * @param runtime the runtime it runs on ({@code local})
 */
public record Session(
        String id,
        String name,
        String agent,
        String user,
        String repo,
        SessionState state,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        Duration idleTtl,
        Set<String> credentials,
        ResourceLimits limits,
        String runtime,
        @Nullable String policyRevision) {
    public Session {
        requireNonNull(id, "id");
        requireNonNull(name, "name");
        requireNonNull(agent, "agent");
        requireNonNull(user, "user");
        requireNonNull(repo, "repo");
        requireNonNull(state, "state");
        requireNonNull(reason, "reason");
        requireNonNull(createdAt, "createdAt");
        requireNonNull(updatedAt, "updatedAt");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(idleTtl, "idleTtl");
        credentials = Set.copyOf(credentials);
        requireNonNull(limits, "limits");
        requireNonNull(runtime, "runtime");
    }

    Session withState(SessionState to, String why, Instant at) {
        return new Session(
                id,
                name,
                agent,
                user,
                repo,
                to,
                why,
                createdAt,
                at,
                expiresAt,
                idleTtl,
                credentials,
                limits,
                runtime,
                policyRevision);
    }
}
