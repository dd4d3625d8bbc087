/**
 * The audit trail's event model and the sinks events are written to.
 *
 * <p>Producers (the egress vault, the console) build an {@link dev.lap.audit.AuditEvent} and hand it
 * to an {@link dev.lap.audit.AuditSink}. Sequence numbers and the hash chain belong to the store,
 * not to the producer, so an event carries neither. No event ever carries a secret value: a
 * credential appears as its id and a {@link dev.lap.audit.Fingerprint}.
 */
@NullMarked
package dev.lap.audit;

import org.jspecify.annotations.NullMarked;
