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

    /**
     * A sink that passes every free-text field of every event through {@code text} before
     * {@code next} sees it: the one place where a producer that may hold secrets (the vault, whose
     * reasons can quote upstream bytes) guarantees none reaches the log, whatever the call site.
     */
    static AuditSink filteringText(java.util.function.UnaryOperator<String> text, AuditSink next) {
        return event -> next.record(AuditEvent.mapText(event, text));
    }

    /** A sink that drops everything, for callers that were given none. */
    static AuditSink discarding() {
        return event -> {};
    }
}
