package dev.lap.audit;

/**
 * Where audit events go: a JSON-lines file or stdout when the vault runs alone, the Postgres store
 * when it runs inside lap-server, a list in tests.
 *
 * <p>{@link #record} is called on I/O threads, once per event, and must not block for long; a
 * sink that talks to a remote store spools and returns. A sink reports its own write failures
 * (it cannot refuse an event that already happened).
 */
@FunctionalInterface
public interface AuditSink {
    void record(AuditEvent event);

    /** A sink that drops everything, for callers that were given none. */
    static AuditSink discarding() {
        return event -> {};
    }
}
