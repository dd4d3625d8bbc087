/**
 * The audit log in PostgreSQL: the schema (Liquibase, run under its own JDBC URL and role), the
 * chained, checkpointed append path and retention ({@link dev.lap.audit.store.AuditStore}), and the
 * runtime role's read side ({@link dev.lap.audit.store.AuditReader}): filtered, cursor-paged queries
 * and the export a verifier checks.
 */
@NullMarked
package dev.lap.audit.store;

import org.jspecify.annotations.NullMarked;
