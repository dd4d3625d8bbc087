package dev.lap.vault;

import dev.lap.audit.spool.DurableAuditLog;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;

/**
 * The audit log's gauges beside the vault's metrics: {@code lap_audit_queue_depth},
 * {@code lap_audit_spool_bytes}, {@code lap_audit_spooled_total},
 * {@code lap_audit_write_failures_total}. Registered by whoever
 * opened the log (the standalone vault's main; lap-server later).
 */
public final class AuditMetrics {
    private AuditMetrics() {}

    /** The audit log's backlog, for the dashboard: queue depth, spool size, events it could not keep. */
    public static void register(OpenTelemetry telemetry, DurableAuditLog database) {
        var meter = telemetry.getMeter("dev.lap.audit");
        var writer = database.writer();
        meter.gaugeBuilder("lap.audit.queue.depth")
                .ofLongs()
                .setDescription("Audit events queued, not yet in the database or the spool")
                .buildWithCallback(m -> m.record(writer.queueDepth()));
        meter.gaugeBuilder("lap.audit.spool")
                .ofLongs()
                .setUnit("By")
                .setDescription("Bytes of audit events spooled while the database is unreachable")
                .buildWithCallback(m -> {
                    try {
                        m.record(writer.spoolBytes());
                    } catch (IOException e) {
                        // the spool's size is unknown this time; the next scrape tries again
                    }
                });
        meter.counterBuilder("lap.audit.spooled")
                .setDescription("Audit events written to the local spool while the database was unreachable")
                .buildWithCallback(m -> m.record(writer.spooled()));
        meter.counterBuilder("lap.audit.write.failures")
                .setDescription("Audit events offered while the log could keep none")
                .buildWithCallback(m -> m.record(writer.rejected()));
    }
}
