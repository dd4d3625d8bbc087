package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.Limits;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The caps: concurrent tunnels, request bodies, TLS handshakes. Each refusal is audited. */
class VaultLimitsIT {
    @TempDir
    static Path dir;

    static VaultHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/permissive"),
                "credentials: []\n",
                List.of(),
                c -> c.toBuilder()
                        .limits(Limits.DEFAULTS
                                .withMaxConcurrentTunnels(3)
                                .withMaxRequestBodyBytes(1024)
                                .withHandshakeTimeout(Duration.ofSeconds(1)))
                        .build());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static Socket connect() throws Exception {
        Socket s = new Socket("127.0.0.1", h.vault.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void aConnectionBeyondTheTunnelCapIsClosedAndRecorded() throws Exception {
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(connect());
            }
            Thread.sleep(200); // the vault counts a connection when it becomes active
            try (Socket extra = connect()) {
                assertThat(extra.getInputStream().read())
                        .as("closed without an answer")
                        .isEqualTo(-1);
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        assertThat(h.events(AuditEvent.Limit.class))
                .anySatisfy(e -> assertThat(e.limit()).isEqualTo("max_concurrent_tunnels"));
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefusedWith413BeforeAnythingIsSent() throws Exception {
        Client.assumeInstalled("curl");
        int before = h.upstream.seen.size();
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "-w",
                        "\nstatus=%{http_code}",
                        "--data-binary",
                        "x".repeat(2000),
                        "https://api.github.com/upload");
        assertThat(run.out()).contains("\"error\":\"limit\"").endsWith("status=413");
        assertThat(h.upstream.seen).hasSize(before);
    }

    @Test
    void aClientThatNeverFinishesItsTlsHandshakeIsCutOff() throws Exception {
        Thread.sleep(300); // let the sockets of the cap test close on the vault's side
        try (Socket s = connect()) {
            s.getOutputStream()
                    .write("CONNECT api.github.com:443 HTTP/1.1\r\nHost: api.github.com:443\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = s.getInputStream();
            assertThat(VaultHarness.readHead(in)).startsWith("HTTP/1.1 200");
            long start = System.nanoTime();
            assertThat(in.read()).as("closed by the vault").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }
}
