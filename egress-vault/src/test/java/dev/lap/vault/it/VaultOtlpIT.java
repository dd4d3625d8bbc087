package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.lap.vault.VaultTelemetry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone vault's telemetry as an OpenTelemetry collector receives it over OTLP/HTTP: the
 * spans, the metrics and the audit events as log records, each decoded from protobuf; and in none
 * of it any spelling of the real credential, nor its stub, after a run with swaps and an echo.
 */
class VaultOtlpIT {
    @TempDir
    Path dir;

    @Test
    void spansMetricsAndAuditLogRecordsArriveOverOtlpWithNoSecret() throws Exception {
        Client.assumeInstalled("curl");
        var traces = new CopyOnWriteArrayList<ExportTraceServiceRequest>();
        var metrics = new CopyOnWriteArrayList<ExportMetricsServiceRequest>();
        var logs = new CopyOnWriteArrayList<ExportLogsServiceRequest>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        collector.createContext("/v1/traces", ex -> {
            traces.add(ExportTraceServiceRequest.parseFrom(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.createContext("/v1/metrics", ex -> {
            metrics.add(
                    ExportMetricsServiceRequest.parseFrom(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.createContext("/v1/logs", ex -> {
            logs.add(ExportLogsServiceRequest.parseFrom(ex.getRequestBody().readAllBytes()));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        collector.start();
        var sdk = VaultTelemetry.open(
                "http://127.0.0.1:" + collector.getAddress().getPort(),
                null,
                Map.of(),
                Map.of(
                        "otel.metric.export.interval", "300",
                        "otel.bsp.schedule.delay", "100",
                        "otel.blrp.schedule.delay", "100"));
        try (var h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/permissive"),
                VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                List.of(),
                c -> c,
                List.of(),
                sdk)) {
            h.alsoTo = VaultTelemetry.logRecords(sdk);
            String stub = h.stub("GITHUB_TOKEN");
            var run = h.client("CURL_CA_BUNDLE")
                    .run("curl", "-sS", "-H", "Authorization: Bearer " + stub, "https://api.github.com/echo");
            assertThat(run.exit()).as(run.all()).isZero();

            long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < end && !(spanNamed(traces) && metricNamed(metrics) && swapLogged(logs))) {
                Thread.sleep(100);
            }
            assertThat(spanNamed(traces)).as("a GET span arrived").isTrue();
            assertThat(metricNamed(metrics)).as("lap.egress.requests arrived").isTrue();
            assertThat(swapLogged(logs))
                    .as("the swap's audit log record arrived")
                    .isTrue();

            String everything = traces.toString() + metrics + logs;
            for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
                assertThat(everything).as("spelled %s", spelling).doesNotContain(spelling);
            }
            assertThat(everything).doesNotContain(stub);
        } finally {
            sdk.close();
            collector.stop(0);
        }
    }

    private static boolean spanNamed(List<ExportTraceServiceRequest> traces) {
        return traces.stream()
                .flatMap(r -> r.getResourceSpansList().stream())
                .flatMap(r -> r.getScopeSpansList().stream())
                .flatMap(s -> s.getSpansList().stream())
                .anyMatch(s -> s.getName().equals("GET"));
    }

    private static boolean metricNamed(List<ExportMetricsServiceRequest> metrics) {
        return metrics.stream()
                .flatMap(r -> r.getResourceMetricsList().stream())
                .flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream())
                .anyMatch(m ->
                        m.getName().equals("lap.egress.requests") && m.getSum().getDataPointsCount() > 0);
    }

    private static boolean swapLogged(List<ExportLogsServiceRequest> logs) {
        return logs.stream()
                .flatMap(r -> r.getResourceLogsList().stream())
                .flatMap(r -> r.getScopeLogsList().stream())
                .flatMap(s -> s.getLogRecordsList().stream())
                .anyMatch(l -> l.getBody().getStringValue().equals("lap audit swap"));
    }
}
