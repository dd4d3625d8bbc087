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
     * False while the sink could not keep a new event (its database and its spool both fail, or
     * its queue is full): a producer configured with {@code audit.on-failure: refuse} then refuses
     * new work rather than act unrecorded. A sink that cannot fail is always accepting.
     */
    default boolean accepting() {
        return true;
    }

    /**
     * A sink that passes every free-text field of every event through {@code text} before
     * {@code next} sees it: the one place where a producer that may hold secrets (the vault, whose
     * reasons can quote upstream bytes) guarantees none reaches the log, whatever the call site.
     */
    static AuditSink filteringText(java.util.function.UnaryOperator<String> text, AuditSink next) {
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                next.record(AuditEvent.mapText(event, text));
            }

            @Override
            public boolean accepting() {
                return next.accepting();
            }
        };
    }

    /** A sink that drops everything, for callers that were given none. */
    static AuditSink discarding() {
        return event -> {};
    }
}
