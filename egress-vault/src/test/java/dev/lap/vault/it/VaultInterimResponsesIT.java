package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.io.ByteArrayOutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interim (1xx) responses (issue 14, item 8): a {@code 103 Early Hints} or {@code 102} before the
 * final response used to end the exchange; now each is relayed, its headers scrubbed like any
 * other, and the final response follows on the same connection. The upstream's own {@code 100}
 * is not relayed: the vault answers {@code Expect: 100-continue} itself, after the decision.
 */
class VaultInterimResponsesIT {
    @TempDir
    static Path dir;

    static VaultHarness h;
    static WebSocketUpstream upstream;

    @BeforeAll
    static void start() throws Exception {
        var pki = TestPki.create(Files.createDirectories(dir.resolve("ws")), List.of("ws.example", "plain.example"));
        upstream = new WebSocketUpstream(pki);
        h = VaultWebSocketIT.vault(dir, pki, upstream);
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void earlyHintsAreRelayedScrubbedAndTheFinalResponseFollows() throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        int eventsBefore = h.audit.size();
        String reply = request("GET /early-hints HTTP/1.1\r\nHost: ws.example\r\nAuthorization: Bearer " + stub
                + "\r\nConnection: close\r\n\r\n");

        assertThat(upstream.requestsTo("/early-hints"))
                .filteredOn(r -> r.uri().equals("/early-hints"))
                .as("the upstream held the real value it echoes in its 103")
                .singleElement()
                .satisfies(r -> assertThat(r.headers().get("authorization")).isEqualTo("Bearer " + h.realToken));
        assertThat(reply).startsWith("HTTP/1.1 103 Early Hints\r\n");
        String hints = reply.substring(0, reply.indexOf("\r\n\r\n"));
        assertThat(hints.toLowerCase(java.util.Locale.ROOT))
                .contains("link: </style.css?t=" + stub.toLowerCase(java.util.Locale.ROOT) + ">; rel=preload")
                .contains("x-echo: " + stub.toLowerCase(java.util.Locale.ROOT));
        String last = reply.substring(reply.indexOf("\r\n\r\n") + 4);
        assertThat(last).startsWith("HTTP/1.1 200 OK\r\n").endsWith("hinted " + stub);
        String audited = h.audit.subList(eventsBefore, h.audit.size()).toString();
        for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
            assertThat(reply).as("client, spelled %s", spelling).doesNotContain(spelling);
            assertThat(audited).as("audit, spelled %s", spelling).doesNotContain(spelling);
        }
        String id = last.substring(last.indexOf("x-lap-request-id: ") + 18, last.indexOf("x-lap-request-id: ") + 42);
        assertThat(h.events(AuditEvent.Decision.class))
                .filteredOn(d -> id.equals(d.request().id()))
                .singleElement()
                .satisfies(d -> assertThat(d.status()).isEqualTo(200));
    }

    @Test
    void aProcessingResponseIsRelayedAndTheConnectionStaysUsable() throws Exception {
        try (var tls = h.tunnel("ws.example", "ws.example")) {
            send(tls, "GET /processing HTTP/1.1\r\nHost: ws.example\r\n\r\n");
            assertThat(VaultHarness.readHead(tls.getInputStream())).startsWith("HTTP/1.1 102 Processing");
            String head = VaultHarness.readHead(tls.getInputStream());
            assertThat(head).startsWith("HTTP/1.1 200");
            assertThat(new String(tls.getInputStream().readNBytes(9), StandardCharsets.US_ASCII))
                    .isEqualTo("processed");
            // Kept alive: the interim response did not end the exchange early or late.
            send(tls, "GET /plain HTTP/1.1\r\nHost: ws.example\r\nConnection: close\r\n\r\n");
            assertThat(readToEnd(tls)).startsWith("HTTP/1.1 200").endsWith("plain /plain");
        }
    }

    @Test
    void anHttp10ClientGetsNoInterimResponse() throws Exception {
        String reply = request("GET /early-hints?http10 HTTP/1.0\r\nHost: ws.example\r\n\r\n");
        assertThat(reply).startsWith("HTTP/1.1 200").doesNotContain("103");
    }

    @Test
    void expectContinueIsAnsweredOnceByTheVaultAfterTheDecision() throws Exception {
        try (var tls = h.tunnel("ws.example", "ws.example")) {
            send(
                    tls,
                    "POST /continue HTTP/1.1\r\nHost: ws.example\r\nContent-Length: 5\r\nExpect: 100-continue\r\n"
                            + "Connection: close\r\n\r\n");
            assertThat(VaultHarness.readHead(tls.getInputStream())).isEqualTo("HTTP/1.1 100 Continue");
            send(tls, "hello");
            String rest = readToEnd(tls);
            assertThat(rest).startsWith("HTTP/1.1 200").endsWith("got 5 bytes").doesNotContain("100 Continue");
        }
        assertThat(upstream.requestsTo("/continue"))
                .singleElement()
                .satisfies(r -> assertThat(r.headers().contains("expect"))
                        .as("the expectation was the vault's to answer")
                        .isFalse());
    }

    @Test
    void expectContinueOnARefusedRequestGetsTheRefusalAndNo100() throws Exception {
        try (var tls = h.tunnel("plain.example", "plain.example")) {
            send(
                    tls,
                    "GET /x HTTP/1.1\r\nHost: plain.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: " + VaultWebSocketIT.KEY + "\r\nSec-WebSocket-Version: 13\r\n"
                            + "Expect: 100-continue\r\n\r\n");
            assertThat(readToEnd(tls)).startsWith("HTTP/1.1 403").doesNotContain("100 Continue");
        }
    }

    private static String request(String raw) throws Exception {
        try (var tls = h.tunnel("ws.example", "ws.example")) {
            send(tls, raw);
            return readToEnd(tls);
        }
    }

    private static void send(SSLSocket tls, String raw) throws Exception {
        tls.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
        tls.getOutputStream().flush();
    }

    private static String readToEnd(SSLSocket tls) throws Exception {
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = tls.getInputStream().read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketException e) {
            // reset after the response: what arrived is what the client saw
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
