package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.Limits;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The caps and deadlines, each against the client that tests it: too many connections, a body
 * over the cap, a TLS handshake that never ends, a head or a body that trickles in. Each test
 * starts its own vault, so none depends on another's leftovers, and each checks that the cut-off
 * was audited as a {@code limit} event. No test waits a fixed time for the vault: a connection is
 * known to be counted once the vault has answered its CONNECT.
 */
class VaultLimitsIT {
    @TempDir
    Path dir;

    VaultHarness h;

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
    }

    private void start(UnaryOperator<Limits.Builder> limits) throws Exception {
        h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/permissive"),
                "credentials: []\n",
                List.of(),
                c -> c.toBuilder()
                        .limits(limits.apply(Limits.DEFAULTS.toBuilder()).build())
                        .build());
    }

    private Socket connect(String from) throws Exception {
        Socket s = new Socket("127.0.0.1", h.vault.address().getPort(), InetAddress.getByName(from), 0);
        s.setSoTimeout(10_000);
        return s;
    }

    /** A connection the vault has certainly counted: it answered the CONNECT. */
    private Socket counted(String from) throws Exception {
        Socket s = connect(from);
        s.getOutputStream().write(connectLine("api.github.com"));
        assertThat(VaultHarness.readHead(s.getInputStream())).startsWith("HTTP/1.1 200");
        return s;
    }

    private static byte[] connectLine(String host) {
        return ("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private List<String> limitsAudited() {
        return h.events(AuditEvent.Limit.class).stream()
                .map(AuditEvent.Limit::limit)
                .toList();
    }

    @Test
    void connectionsBeyondThePerClientAndTheTotalCapAreClosedUnreadAndRecorded() throws Exception {
        start(l -> l.maxConcurrentTunnels(3).maxConnectionsPerClient(2));
        List<Socket> open = new ArrayList<>();
        try {
            open.add(counted("127.0.0.1"));
            open.add(counted("127.0.0.1"));
            try (Socket third = connect("127.0.0.1")) {
                assertThat(third.getInputStream().read())
                        .as("a third from one address")
                        .isEqualTo(-1);
            }
            assertThat(limitsAudited()).containsExactly("max_connections_per_client");
            assertThat(h.events(AuditEvent.Limit.class).get(0).max()).isEqualTo(2L);

            open.add(counted("127.0.0.2")); // another client address: inside both caps
            try (Socket fourth = connect("127.0.0.3")) {
                assertThat(fourth.getInputStream().read()).as("a fourth in all").isEqualTo(-1);
            }
            assertThat(limitsAudited()).containsExactly("max_connections_per_client", "max_concurrent_tunnels");
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void aDeclaredBodyOverTheCapIsRefusedWith413BeforeAnythingIsSent() throws Exception {
        Client.assumeInstalled("curl");
        start(l -> l.maxRequestBodyBytes(1024));
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "timeout",
                        "30",
                        "curl",
                        "-sS",
                        "-w",
                        "\nstatus=%{http_code}",
                        "--data-binary",
                        "x".repeat(2000),
                        "https://api.github.com/upload");
        assertThat(run.out()).contains("\"error\":\"limit\"").endsWith("status=413");
        assertThat(h.upstream.seen).isEmpty();
        assertThat(h.events(AuditEvent.Limit.class)).isNotEmpty();
    }

    @Test
    void aClientThatNeverSendsItsClientHelloIsCutOffAndRecorded() throws Exception {
        start(l -> l.handshakeTimeout(Duration.ofSeconds(1)));
        try (Socket s = counted("127.0.0.1")) {
            long start = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed by the vault").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
        }
        assertThat(h.events(AuditEvent.Limit.class)).singleElement().satisfies(e -> {
            assertThat(e.limit()).isEqualTo("tls_handshake_timeout");
            assertThat(e.max()).isEqualTo(1000L);
        });
    }

    @Test
    void aClientThatStallsAfterItsClientHelloIsCutOffAndRecorded() throws Exception {
        start(l -> l.handshakeTimeout(Duration.ofSeconds(1)));
        try (Socket s = counted("127.0.0.1")) {
            s.getOutputStream().write(clientHello("api.github.com"));
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // the vault's ServerHello and the rest of its flight; the client never answers
            }
        }
        assertThat(h.events(AuditEvent.Limit.class))
                .singleElement()
                .satisfies(e -> assertThat(e.limit()).isEqualTo("tls_handshake_timeout"));
    }

    @Test
    void aClientTricklingItsRequestHeadIsCutOffAtTheDeadlineWith408() throws Exception {
        start(l -> l.requestHeadTimeout(Duration.ofSeconds(1)));
        try (Socket s = connect("127.0.0.1")) {
            long start = System.nanoTime();
            String reply = trickle(s, "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
            assertThat(reply)
                    .startsWith("HTTP/1.1 408")
                    .contains("\"error\":\"limit\"")
                    .contains("the request head did not arrive within 1 s");
        }
        assertThat(h.upstream.seen).isEmpty();
        assertThat(limitsAudited()).containsExactly("request_head_timeout");
    }

    @Test
    void theNextHeadOnAKeptAliveConnectionHasTheSameDeadline() throws Exception {
        start(l -> l.requestHeadTimeout(Duration.ofSeconds(1)));
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream()
                    .write("GET http://example.com/first HTTP/1.1\r\nHost: example.com\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
            String first = VaultHarness.readHead(s.getInputStream());
            int length = Integer.parseInt(first.replaceAll("(?is).*\r\ncontent-length: *(\\d+).*", "$1"));
            s.getInputStream().readNBytes(length);

            long start = System.nanoTime();
            String second = trickle(s, "GET http://example.com/second HTTP/1.1\r\nHost: example.com\r\n\r\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(900), Duration.ofSeconds(8));
            assertThat(first).startsWith("HTTP/1.1 404");
            assertThat(second).startsWith("HTTP/1.1 408");
        }
        assertThat(h.upstream.seen).extracting(FakeUpstream.Seen::path).containsExactly("/first");
        assertThat(limitsAudited()).containsExactly("request_head_timeout");
    }

    /**
     * Sends {@code head} a byte at a time, waiting up to 200 ms for an answer after each, and
     * returns the answer: the vault must answer before the head is complete.
     */
    private static String trickle(Socket s, String head) throws Exception {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        s.setSoTimeout(200);
        int first = -1;
        for (int i = 0; i < bytes.length && first < 0; i++) {
            out.write(bytes[i]);
            out.flush();
            try {
                first = in.read();
            } catch (SocketTimeoutException stillWaiting) {
                // the next byte
            }
        }
        assertThat(first).as("the vault answered before the head was complete").isEqualTo('H');
        s.setSoTimeout(10_000);
        return (char) first + VaultHarness.readHead(in) + "\r\n\r\n"
                + new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aTunnelThatSendsNoRequestAfterItsHandshakeIsCutOffWith408() throws Exception {
        start(l -> l.requestHeadTimeout(Duration.ofSeconds(1)));
        try (var tls = h.tunnel("api.github.com", "api.github.com")) {
            String reply = VaultHarness.readHead(tls.getInputStream());
            assertThat(reply).startsWith("HTTP/1.1 408");
        }
        assertThat(limitsAudited()).containsExactly("request_head_timeout");
    }

    @Test
    void aBodyBelowTheMinimumRateIsCutOffWith408AndNothingCompletesUpstream() throws Exception {
        start(l -> l.minRequestBodyBytesPerSecond(1000).requestBodyRateWindow(Duration.ofSeconds(1)));
        try (Socket s = connect("127.0.0.1")) {
            s.getOutputStream()
                    .write(("POST http://example.com/upload HTTP/1.1\r\nHost: example.com\r\n"
                                    + "Content-Length: 100000\r\n\r\n0123456789")
                            .getBytes(StandardCharsets.ISO_8859_1));
            String reply = VaultHarness.readHead(s.getInputStream())
                    + new String(s.getInputStream().readAllBytes());
            assertThat(reply)
                    .startsWith("HTTP/1.1 408")
                    .contains("the request body arrived slower than 1000 bytes per second over 1 s");
        }
        assertThat(limitsAudited()).containsExactly("min_request_body_rate");
        assertThat(h.upstream.seen)
                .as("the upstream never got a complete request")
                .isEmpty();
    }

    /** The first flight of a real TLS client (the JDK's) for {@code host}. */
    private static byte[] clientHello(String host) throws Exception {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, 443);
        engine.setUseClientMode(true);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
