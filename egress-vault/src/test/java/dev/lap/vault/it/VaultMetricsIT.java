package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator's Prometheus scrapes from a vault that swapped, scrubbed and refused: the
 * series the dashboard queries, labelled only by bounded values, and no secret or stub anywhere.
 */
class VaultMetricsIT {
    @TempDir
    Path dir;

    @Test
    void aScrapeHasEverySeriesWithBoundedLabelsAndNoSecret() throws Exception {
        Client.assumeInstalled("curl");
        int port;
        try (var probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        var prometheus = PrometheusHttpServer.builder()
                .setHost("127.0.0.1")
                .setPort(port)
                .build();
        try (var h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/permissive"),
                VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                List.of(),
                c -> c,
                List.of(prometheus))) {
            String stub = h.stub("GITHUB_TOKEN");
            var client = h.client("CURL_CA_BUNDLE");
            // A swap, and a response that echoes the real token back (a scrub).
            assertThat(client.run("curl", "-sS", "-H", "Authorization: Bearer " + stub, "https://api.github.com/echo")
                            .exit())
                    .isZero();
            // A refusal before any exchange: a repeated Authorization.
            client.run(
                    "curl",
                    "-sS",
                    "-H",
                    "Authorization: Bearer " + stub,
                    "-H",
                    "Authorization: Bearer x",
                    "https://api.github.com/user");
            String scrape = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(scrape)
                    .contains("lap_egress_requests_total{decision=\"allow\"")
                    .contains("rule=\"permit_all\"")
                    .contains("lap_egress_requests_total{decision=\"deny\"")
                    .contains("rule=\"protocol\"")
                    .contains("lap_credential_swaps_total{credential=\"github\"")
                    .contains("lap_response_scrubs_total{credential=\"github\"")
                    .contains("lap_policy_eval_seconds_bucket")
                    .contains("lap_proxy_request_seconds_bucket")
                    .contains("lap_tunnels_open")
                    .doesNotContain(h.realToken)
                    .doesNotContain(stub)
                    .doesNotContain("/echo");
        } finally {
            prometheus.close();
        }
    }
}
