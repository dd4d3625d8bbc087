package dev.lap.console.api.sessions;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /api/v1/sessions}; only {@code agent} is required.
 *
 * @param ttl the absolute TTL asked for, {@code 8h}, {@code 1h30m}; the policy's default when absent
 */
record CreateSessionJson(
        @Nullable String agent,
        @Nullable String name,
        @Nullable String repo,
        @Nullable String ttl,
        @Nullable Long memoryBytes,
        @Nullable Integer maxProcesses) {}
