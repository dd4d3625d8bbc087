/**
 * Never losing an event: {@link dev.lap.audit.spool.AuditWriter} takes events in, writes them to
 * the store in batches, and while PostgreSQL cannot be reached keeps them in a bounded, fsynced,
 * append-only {@link dev.lap.audit.spool.Spool} file that it replays, in order and exactly once, when
 * the database is back.
 */
@NullMarked
package dev.lap.audit.spool;

import org.jspecify.annotations.NullMarked;
