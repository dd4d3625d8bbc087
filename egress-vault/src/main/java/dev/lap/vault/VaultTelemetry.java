package dev.lap.vault;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.audit.EventFields;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The standalone vault's OpenTelemetry: configured by the standard {@code OTEL_*} variables (the
 * SDK's autoconfiguration, OTLP over HTTP by default), so spans, metrics and the audit events as
 * log records go wherever an operator points them; {@code --otlp-endpoint} is a shortcut for
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT}; {@code --metrics} adds a Prometheus endpoint. With neither a
 * flag nor an {@code OTEL_} variable nothing is exported.
 */
public final class VaultTelemetry {
    private VaultTelemetry() {}

    /**
     * @param env the process environment (only whether an {@code OTEL_} variable is set is read
     *     here; the SDK reads the values itself)
     * @param overrides properties that win over everything, for tests (export intervals)
     */
    public static OpenTelemetrySdk open(
            @Nullable String otlpEndpoint,
            @Nullable InetSocketAddress metricsAt,
            Map<String, String> env,
            Map<String, String> overrides) {
        boolean exporting = otlpEndpoint != null || env.keySet().stream().anyMatch(k -> k.startsWith("OTEL_"));
        Map<String, String> defaults = new HashMap<>();
        defaults.put("otel.service.name", "lap-vault");
        defaults.put("otel.exporter.otlp.protocol", "http/protobuf");
        if (!exporting) {
            defaults.put("otel.traces.exporter", "none");
            defaults.put("otel.metrics.exporter", "none");
            defaults.put("otel.logs.exporter", "none");
        }
        Map<String, String> forced = new HashMap<>(overrides);
        if (otlpEndpoint != null) {
            forced.put("otel.exporter.otlp.endpoint", otlpEndpoint.replaceAll("/v1/traces$", ""));
        }
        var builder = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> defaults)
                .addPropertiesCustomizer(config -> forced);
        if (metricsAt != null) {
            builder.addMeterProviderCustomizer(
                    (meters, config) -> meters.registerMetricReader(PrometheusHttpServer.builder()
                            .setHost(metricsAt.getHostString())
                            .setPort(metricsAt.getPort())
                            .build()));
        }
        return builder.build().getOpenTelemetrySdk();
    }

    /**
     * A sink that emits every audit event as an OTel log record (body: the kind; attributes: the
     * event's columns and details, as in the JSON lines). It sees events after the vault's
     * scrubbing sink, so no spelling of a real value is in them.
     */
    public static AuditSink logRecords(OpenTelemetry telemetry) {
        Logger logger = telemetry.getLogsBridge().get("dev.lap.audit");
        return event -> emit(logger, event);
    }

    private static void emit(Logger logger, AuditEvent event) {
        EventFields fields = EventFields.of(event);
        AttributesBuilder attributes =
                Attributes.builder().put(AttributeKey.stringKey("lap.audit.kind"), fields.kind());
        fields.columns().forEach((k, v) -> {
            if (v != null) {
                attributes.put(AttributeKey.stringKey("lap.audit." + k), v);
            }
        });
        fields.detail().forEach((k, v) -> attributes.put(AttributeKey.stringKey("lap.audit.detail." + k), v));
        logger.logRecordBuilder()
                .setSeverity(Severity.INFO)
                .setBody("lap audit " + fields.kind())
                .setAllAttributes(attributes.build())
                .emit();
    }
}
