package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A request to start a session, already checked for form by the API.
 *
 * @param repo a repository to clone into the workspace, or "" for none
 * @param ttl the absolute TTL asked for; {@link Duration#ZERO} leaves it to the policy
 * @param memoryBytes memory asked for; 0 leaves it to the policy
 * @param maxProcesses process limit asked for; 0 leaves it to the policy
 */
public record NewSession(
        String agent, String name, String repo, Duration ttl, long memoryBytes, int maxProcesses, String user) {
    public NewSession {
        requireNonNull(agent, "agent");
        requireNonNull(name, "name");
        requireNonNull(repo, "repo");
        requireNonNull(ttl, "ttl");
        requireNonNull(user, "user");
    }
}
