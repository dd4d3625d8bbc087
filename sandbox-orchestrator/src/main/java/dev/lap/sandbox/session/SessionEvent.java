package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One transition in a session's history; {@code from} is null for the first. */
public record SessionEvent(
        String sessionId, int seq, Instant time, @Nullable SessionState from, SessionState to, String reason) {
    public SessionEvent {
        requireNonNull(sessionId, "sessionId");
        requireNonNull(time, "time");
        requireNonNull(to, "to");
        requireNonNull(reason, "reason");
    }
}
