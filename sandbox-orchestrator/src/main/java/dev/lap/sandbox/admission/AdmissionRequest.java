package dev.lap.sandbox.admission;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What a session asks for, as the admission policy sees it.
 *
 * @param ttl the absolute TTL asked for; {@link Duration#ZERO} when none was
 * @param memoryBytes the memory asked for; 0 when none was
 * @param maxProcesses the process limit asked for; 0 when none was
 */
public record AdmissionRequest(
        String sessionId,
        String user,
        String agent,
        String name,
        String repo,
        String runtime,
        Duration ttl,
        long memoryBytes,
        int maxProcesses) {
    public AdmissionRequest {
        requireNonNull(sessionId, "sessionId");
        requireNonNull(user, "user");
        requireNonNull(agent, "agent");
        requireNonNull(name, "name");
        requireNonNull(repo, "repo");
        requireNonNull(runtime, "runtime");
        requireNonNull(ttl, "ttl");
    }
}
