package dev.lap.console.api.sessions;

import dev.lap.sandbox.session.Session;
import dev.lap.sandbox.session.SessionEvent;
import dev.lap.sandbox.session.Ttl;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A session as the API shows it (snake_case on the wire). */
record SessionJson(
        String id,
        String name,
        String agent,
        String user,
        @Nullable String repo,
        String state,
        String reason,
        Instant createdAt,
        Instant updatedAt,
        Instant expiresAt,
        String idleTtl,
        List<String> credentials,
        Limits limits,
        String runtime,
        @Nullable String policyRevision) {

    record Limits(long memoryBytes, int maxProcesses) {}

    static SessionJson of(Session s) {
        return new SessionJson(
                s.id(),
                s.name(),
                s.agent(),
                s.user(),
                s.repo().isEmpty() ? null : s.repo(),
                s.state().wireName(),
                s.reason(),
                s.createdAt(),
                s.updatedAt(),
                s.expiresAt(),
                Ttl.format(s.idleTtl()),
                s.credentials().stream().sorted().toList(),
                new Limits(s.limits().memoryBytes(), s.limits().maxProcesses()),
                s.runtime(),
                s.policyRevision());
    }

    record SessionList(List<SessionJson> sessions) {}

    record Event(int seq, Instant time, @Nullable String from, String to, String reason) {
        static Event of(SessionEvent e) {
            return new Event(
                    e.seq(), e.time(), e.from() == null ? null : e.from().wireName(), e.to().wireName(), e.reason());
        }
    }

    record Events(String sessionId, List<Event> events) {}
}
