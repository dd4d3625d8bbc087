/**
 * The audit trail's event model and the sinks events are written to.
 *
 * <p>Producers (the egress vault, the console) build one of the {@link dev.lap.audit.AuditEvent}
 * kinds and hand it to an {@link dev.lap.audit.AuditSink}. The time, sequence number and hash chain
 * belong to the log that records it (its injected clock, the store's chain), so an event carries
 * none of them. {@link dev.lap.audit.EventFields} is the flat form shared by JSON, rows and
 * hashes. No event ever carries a secret value: a credential appears as its id and a {@link
 * dev.lap.audit.Fingerprint}.
 */
@NullMarked
package dev.lap.audit;

import org.jspecify.annotations.NullMarked;
