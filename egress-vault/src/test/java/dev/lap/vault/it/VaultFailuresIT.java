package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures an operator must tell apart, each said in words that lead to the fix: an upstream that
 * fails after the policy allowed the request is an {@code upstream_error} in the audit and the
 * span, never a denial an auditor would blame on the policy, and an untrusted upstream certificate
 * is explained with its issuer and the option that fixes it; a sandbox that does not trust the
 * vault's CA is recorded as exactly that.
 */
class VaultFailuresIT {
    @TempDir
    Path dir;

    @Test
    void anAllowedRequestToAnUntrustedOrClosedUpstreamIsAnUpstreamErrorNotADenial() throws Exception {
        Client.assumeInstalled("curl");
        Path other = Files.createDirectories(dir.resolve("other-pki"));
        TestPki untrusted = TestPki.create(other, List.of("untrusted.example"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        try (var stranger = new FakeUpstream(untrusted, "unused", Files.createDirectories(dir.resolve("git2")));
                var h = new VaultHarness(
                        dir,
                        Path.of("src/test/resources/policies/permissive"),
                        VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                        List.of(
                                "untrusted.example:443:127.0.0.1:" + stranger.port(),
                                "closed.example:443:127.0.0.1:" + closed))) {
            var curl = h.client("CURL_CA_BUNDLE");
            var untrustedRun = curl.run("curl", "-sS", "https://untrusted.example/");
            var closedRun = curl.run("curl", "-sS", "https://closed.example/");

            assertThat(untrustedRun.out())
                    .contains("bad_gateway")
                    .contains("is issued by \\\"CN=lap test upstream CA\\\"")
                    .contains("--upstream-ca");
            assertThat(closedRun.out()).contains("cannot reach closed.example:443");
            assertThat(h.audit)
                    .filteredOn(AuditEvent.Decision.class::isInstance)
                    .map(AuditEvent.Decision.class::cast)
                    .extracting(d -> d.request().host(), AuditEvent.Decision::verdict, AuditEvent.Decision::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    "untrusted.example", AuditEvent.Verdict.UPSTREAM_ERROR, 502),
                            org.assertj.core.groups.Tuple.tuple(
                                    "closed.example", AuditEvent.Verdict.UPSTREAM_ERROR, 502));
            assertThat(h.spans.getFinishedSpanItems())
                    .extracting(s ->
                            s.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("lap.decision")))
                    .containsOnly("upstream_error");
        }
    }

    @Test
    void aClientThatDoesNotTrustTheVaultsCaIsRecordedAsSuch() throws Exception {
        Client.assumeInstalled("curl");
        try (var h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/permissive"),
                VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                List.of())) {
            // The system bundle only: the vault's minted leaf is not trusted.
            var run = h.client()
                    .with("CURL_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
                    .run("curl", "-sS", "https://api.github.com/user");
            assertThat(run.exit()).isNotZero();
            assertThat(h.audit)
                    .filteredOn(AuditEvent.Decision.class::isInstance)
                    .map(AuditEvent.Decision.class::cast)
                    .singleElement()
                    .satisfies(d -> {
                        assertThat(d.rule()).isEqualTo("tls");
                        assertThat(d.reason())
                                .startsWith(
                                        "the client does not trust the vault's CA (it sent the TLS alert unknown_ca)");
                    });
        }
    }
}
