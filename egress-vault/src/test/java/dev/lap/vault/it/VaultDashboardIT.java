package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.spool.DurableAuditLog;
import dev.lap.audit.store.TestDatabase;
import dev.lap.vault.AuditMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped Grafana dashboard against a real Prometheus (Debian's {@code prometheus}) scraping a
 * vault under load that writes its audit log to a real PostgreSQL: every query of every panel
 * must return data, so a renamed metric or a wrong label breaks this test and not an operator's
 * dashboard.
 */
class VaultDashboardIT {
    private static final Path DASHBOARD = Path.of("../helm/dashboards/lap-overview.json");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    void everyPanelOfTheDashboardHasDataFromARealPrometheus() throws Exception {
        Client.assumeInstalled("curl");
        Client.assumeInstalled("prometheus");
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : JSON.readTree(Files.readString(DASHBOARD)).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asString());
            }
        }
        assertThat(queries).hasSizeGreaterThan(8);

        int metricsPort = freePort();
        int prometheusPort = freePort();
        var exporter = PrometheusHttpServer.builder()
                .setHost("127.0.0.1")
                .setPort(metricsPort)
                .build();
        TestDatabase.Db db = TestDatabase.fresh();
        db.migrate();
        Process prometheus = null;
        try (var h = new VaultHarness(
                        dir,
                        Path.of("src/test/resources/policies/permissive"),
                        VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                        List.of(),
                        c -> c,
                        List.of(exporter));
                var log = DurableAuditLog.open(
                        new DurableAuditLog.Settings(
                                db.appUrl(),
                                db.appPassword(),
                                null,
                                null,
                                dir.resolve("key/audit-signing.key"),
                                dir.resolve("spool/audit.spool"),
                                1 << 20),
                        Clock.systemUTC())) {
            h.alsoTo = log;
            AuditMetrics.register(h.telemetry, log);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global: {scrape_interval: 1s, evaluation_interval: 1s}
                    scrape_configs:
                      - job_name: lap-vault
                        static_configs: [{targets: ["127.0.0.1:%d"]}]
                    """.formatted(metricsPort));
            prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                            "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();

            String stub = h.stub("GITHUB_TOKEN");
            var client = h.client("CURL_CA_BUNDLE");
            // Load until every panel has data (rates need samples in more than one scrape, and a
            // busy machine scrapes late), bounded by the queries' patience: swaps with an echoed
            // (scrubbed) token, and refusals.
            var loading = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread load = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (loading.get()) {
                        client.run("curl", "-sS", "-H", "Authorization: Bearer " + stub, "https://api.github.com/echo");
                        client.run(
                                "curl",
                                "-sS",
                                "-H",
                                "Authorization: Bearer a",
                                "-H",
                                "Authorization: Bearer b",
                                "https://api.github.com/user");
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try {
                for (String query : queries) {
                    assertThat(queryUntilData(prometheusPort, query, Duration.ofSeconds(60)))
                            .as("panel query %s (prometheus log: %s)", query, dir.resolve("prometheus.log"))
                            .isTrue();
                }
            } finally {
                loading.set(false);
                load.join(Duration.ofSeconds(70));
            }
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
            exporter.close();
        }
    }

    /** Asks Prometheus until the query returns at least one series, or the time is up. */
    private static boolean queryUntilData(int port, String query, Duration patience) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long end = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < end) {
            try {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                JsonNode result = JSON.readTree(body).path("data").path("result");
                if (result.isArray()
                        && !result.isEmpty()
                        && !result.get(0).path("value").get(1).asString().equals("NaN")) {
                    return true;
                }
            } catch (java.io.IOException e) {
                // Prometheus is still starting
            }
            Thread.sleep(500);
        }
        return false;
    }

    private static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
