package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket through the vault (issue 14, item 8): a real client (Debian's python3-websocket, under
 * an empty environment) against a Netty TLS WebSocket server. The upgrade is its own decision
 * ({@code input.request.upgrade}), the stub is swapped in the handshake, frames are relayed both
 * ways, and whatever the upstream sends toward the sandbox (the 101's headers, text, binary and
 * fragmented messages, pings, the close reason) is scrubbed. Handshakes no well-behaved client
 * sends are written by hand.
 */
class VaultWebSocketIT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [ws.example, plain.example]
                placements: [authorization]
            """;
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @TempDir
    static Path dir;

    static VaultHarness h;
    static WebSocketUpstream ws;
    static Path script;

    @BeforeAll
    static void start() throws Exception {
        var pki = TestPki.create(Files.createDirectories(dir.resolve("ws")), List.of("ws.example", "plain.example"));
        ws = new WebSocketUpstream(pki);
        h = vault(dir, pki, ws);
        script = Path.of("src/test/resources/websocket/client.py").toAbsolutePath();
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
        if (ws != null) {
            ws.close();
        }
    }

    private static Client.Run python(String url, String mode) throws Exception {
        Client.assumeInstalled("python3");
        var probe = h.client().run("/usr/bin/python3", "-c", "import websocket");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                probe.exit() == 0,
                "python3-websocket is not installed; .ci/run installs it (apt-get install python3-websocket)");
        return h.client("SSL_CERT_FILE").run("/usr/bin/python3", script.toString(), url, h.stub("GITHUB_TOKEN"), mode);
    }

    @Test
    void aWebSocketIsItsOwnDecisionWithTheStubSwappedInTheHandshakeAndFramesRelayedBothWays() throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        var run = python("wss://ws.example/echo", "echo");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out())
                .contains("\"status\": 101")
                .contains("echo hello " + stub)
                .contains("bin " + stub)
                .contains("\"closed\": true");
        var handshakes = ws.requestsTo("/echo");
        assertThat(handshakes).hasSize(1);
        assertThat(handshakes.get(0).headers().getAll("authorization"))
                .as("the stub in the handshake was swapped, once")
                .containsExactly("Bearer " + h.realToken);
        assertThat(ws.framesReceived)
                .as("frames toward the upstream are relayed as they are: a stub in one stays a stub")
                .contains("text hello " + stub);

        var decisions = decisionsFor("/echo");
        assertThat(decisions).singleElement().satisfies(d -> {
            assertThat(d.verdict()).isEqualTo(AuditEvent.Verdict.ALLOW);
            assertThat(d.status()).isEqualTo(101);
            assertThat(d.rule()).isEqualTo("ws");
            assertThat(d.swapped()).containsExactly("github");
        });
        var end = awaitConnectionEnd(
                d -> d.request().id().equals(decisions.get(0).request().id()));
        assertThat(end.protocol()).isEqualTo("websocket");
        assertThat(end.end()).startsWith("the client closed the WebSocket");
        assertThat(end.framesToUpstream()).as("text, binary, close").isGreaterThanOrEqualTo(3);
        assertThat(end.framesToClient()).as("two echoes and the close").isGreaterThanOrEqualTo(3);
    }

    /**
     * The JDK's own WebSocket client: through an HTTP proxy it opens a {@code CONNECT} tunnel for
     * {@code wss://}, and it trusts only the vault's CA here.
     */
    @Test
    void theJdkWebSocketClientWorksThroughTheVaultToo() throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        var trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(h.vault.caCertificate())) {
            trust.setCertificateEntry(
                    "vault",
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        var tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        var received = new java.util.concurrent.LinkedBlockingQueue<String>();
        try (var http = java.net.http.HttpClient.newBuilder()
                .proxy(java.net.ProxySelector.of(h.vault.address()))
                .sslContext(tls)
                .build()) {
            var socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + stub)
                    .buildAsync(
                            java.net.URI.create("wss://ws.example/echo?jdk"), new java.net.http.WebSocket.Listener() {
                                @Override
                                public java.util.concurrent.CompletionStage<?> onText(
                                        java.net.http.WebSocket ws, CharSequence data, boolean last) {
                                    received.add(data.toString());
                                    ws.request(1);
                                    return null;
                                }
                            })
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
            socket.sendText("from the jdk " + stub, true).get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(received.poll(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("echo from the jdk " + stub);
            socket.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "done")
                    .get(20, java.util.concurrent.TimeUnit.SECONDS);
        }
        assertThat(ws.requestsTo("/echo?jdk"))
                .singleElement()
                .satisfies(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + h.realToken));
    }

    /** {@code /hostile-eager} sends its frames in the 101's flush: they reach the vault with it. */
    @ParameterizedTest
    @ValueSource(strings = {"/hostile", "/hostile-eager"})
    void aHostileUpstreamsSecretReachesTheClientInNoFrameAndNoHeader(String path) throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        int eventsBefore = h.audit.size();
        var run = python("wss://ws.example" + path, "hostile");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(ws.requestsTo(path))
                .as("the upstream really held the secret it echoes")
                .anySatisfy(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + h.realToken));
        String seen = run.all();
        if (path.equals("/hostile")) {
            assertThat(seen).contains("\"x-echo\": \"" + stub + "\"");
        }
        String b64Stub = Base64.getEncoder().encodeToString(stub.getBytes(StandardCharsets.US_ASCII));
        assertThat(seen)
                .contains("text " + stub + " end")
                .contains("bin " + stub)
                .as("a secret split across three fragments of one message")
                .contains("fragmented " + stub + " done")
                .contains("b64 " + b64Stub)
                .contains("bye " + stub);
        String audited = h.audit.subList(eventsBefore, h.audit.size()).toString();
        String spans = h.spans.getFinishedSpanItems().toString();
        for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
            assertThat(seen).as("client, spelled %s", spelling).doesNotContain(spelling);
            assertThat(audited).as("audit, spelled %s", spelling).doesNotContain(spelling);
            assertThat(spans).as("spans, spelled %s", spelling).doesNotContain(spelling);
        }
        var id = decisionsFor(path).get(0).request().id();
        awaitConnectionEnd(e -> e.request().id().equals(id));
        var scrubs = h.events(AuditEvent.Scrub.class).stream()
                .filter(s -> s.request().id().equals(id))
                .toList();
        assertThat(scrubs).extracting(AuditEvent.Scrub::where).contains("websocket");
        assertThat(scrubs.stream()
                        .filter(s -> s.where().equals("websocket"))
                        .mapToLong(AuditEvent.Scrub::count)
                        .sum())
                .as("text, binary, fragmented, base64, ping, close reason")
                .isGreaterThanOrEqualTo(6);
    }

    @Test
    void anUpgradeThePolicyRefusesIsA403AndNothingReachesTheUpstream() throws Exception {
        String reply = exchange("plain.example", handshake("/refused-upgrade", "plain.example", ""));
        assertThat(reply)
                .startsWith("HTTP/1.1 403")
                .contains("\"error\":\"forbidden\"")
                .contains("\"rule\":\"no_websocket\"");
        assertThat(ws.requestsTo("/refused-upgrade")).isEmpty();
        // The same host takes a plain GET: the upgrade, not the host, was refused.
        reply = exchange("plain.example", "GET /refused-upgrade HTTP/1.1\r\nHost: plain.example\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200");
    }

    @Test
    void anUpgradeToAnotherProtocolIsRefusedBeforeThePolicy() throws Exception {
        String reply = exchange(
                "ws.example",
                "GET /h2c HTTP/1.1\r\nHost: ws.example\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                        + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400").contains("relays only WebSocket upgrades");
        assertThat(ws.requestsTo("/h2c")).isEmpty();
    }

    @Test
    void anUnsolicited101IsA502() throws Exception {
        String reply = exchange("ws.example", "GET /unsolicited-101 HTTP/1.1\r\nHost: ws.example\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 502").contains("asked for no upgrade");
        assertThat(ws.requestsTo("/unsolicited-101")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bad-accept", "/extension"})
    void a101ThatDoesNotCompleteTheHandshakeTheVaultSentIsA502(String path) throws Exception {
        String reply = exchange(
                "ws.example",
                handshake(
                        path,
                        "ws.example",
                        "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"));
        assertThat(reply).startsWith("HTTP/1.1 502");
        for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
            assertThat(reply).doesNotContain(spelling);
        }
        assertThat(ws.requestsTo(path))
                .singleElement()
                .satisfies(r -> assertThat(r.headers().contains("sec-websocket-extensions"))
                        .as("permessage-deflate is never offered upstream: frames are scrubbed as they are")
                        .isFalse());
    }

    @Test
    void aMalformedHandshakeIsRefused() throws Exception {
        String reply = exchange(
                "ws.example",
                "GET /echo HTTP/1.1\r\nHost: ws.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 400").contains("Sec-WebSocket-Key");
    }

    /** Sends {@code raw} in a tunnel to {@code host} and returns the response head and what followed it. */
    private static String exchange(String host, String raw) throws Exception {
        try (var tls = h.tunnel(host, host)) {
            return VaultHarness.exchange(tls, raw);
        }
    }

    /** A vault whose policy is {@code policies/websocket}, with ws.example and plain.example pinned to {@code up}. */
    static VaultHarness vault(Path dir, TestPki pki, WebSocketUpstream up) throws Exception {
        return new VaultHarness(dir, Path.of("src/test/resources/policies/websocket"), CREDENTIALS, List.of(), c -> {
            var cas = new ArrayList<>(c.upstreamCas());
            cas.add(pki.caPem);
            var pins = new ArrayList<>(c.connectTo());
            pins.add("ws.example:443:127.0.0.1:" + up.port());
            pins.add("plain.example:443:127.0.0.1:" + up.port());
            return c.toBuilder().upstreamCas(cas).connectTo(pins).build();
        });
    }

    static String handshake(String path, String host, String extra) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer "
                + h.stub("GITHUB_TOKEN") + "\r\n" + extra + "\r\n";
    }

    private static List<AuditEvent.Decision> decisionsFor(String path) {
        return h.events(AuditEvent.Decision.class).stream()
                .filter(d -> path.equals(d.request().path()))
                .toList();
    }

    /** The connection's end is recorded when both sides have closed, after the client exited. */
    private static AuditEvent.Connection awaitConnectionEnd(Predicate<AuditEvent.Connection> which)
            throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            var found =
                    h.events(AuditEvent.Connection.class).stream().filter(which).toList();
            if (!found.isEmpty()) {
                assertThat(found).hasSize(1);
                return found.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no connection event: " + h.audit);
    }
}
