package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.lap.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14's first attack, and the class of bug behind it: an upstream that reflects the injected
 * credential in every field it controls (status line, header names and values, trailers, bodies
 * plain, chunked, gzip, deflate (zlib and raw) and br, interim 1xx responses, a Content-Length, a malformed header, status or chunk) in every spelling
 * the vault scrubs. Whatever the path through the vault, the success path or its error path, no
 * spelling of the real value may reach the client, the audit sink or a span.
 */
class VaultHostileUpstreamIT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [echo.example]
                placements: [authorization]
            """;

    @TempDir
    static Path dir;

    static VaultHarness h;
    static EchoingUpstream echo;

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoingUpstream(
                TestPki.create(Files.createDirectories(dir.resolve("echo")), List.of("echo.example")));
        h = vaultInFrontOf(echo, dir);
    }

    /** A vault under the echo policy whose {@code echo.example} is {@code echo}. */
    static VaultHarness vaultInFrontOf(EchoingUpstream echo, Path dir) throws Exception {
        return new VaultHarness(dir, Path.of("src/test/resources/policies/echo"), CREDENTIALS, List.of(), c -> {
            var cas = new ArrayList<>(c.upstreamCas());
            cas.add(echo.pki().caPem);
            var pins = new ArrayList<>(c.connectTo());
            pins.add("echo.example:443:127.0.0.1:" + echo.port());
            return c.toBuilder().upstreamCas(cas).connectTo(pins).build();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (echo != null) {
            echo.close();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/headers",
                "/chunked",
                "/gzip",
                "/deflate",
                "/deflate-raw",
                "/br",
                "/br-corrupt",
                "/early-hints",
                "/bad-content-length",
                "/bad-header",
                "/bad-status",
                "/bad-chunk"
            })
    void noSpellingOfTheInjectedSecretReachesTheClientTheAuditOrASpan(String path) throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        int eventsBefore = h.audit.size();
        String reply;
        try (var tls = h.tunnel("echo.example", "echo.example")) {
            tls.getOutputStream()
                    .write(("GET " + path + " HTTP/1.1\r\nHost: echo.example\r\nAuthorization: Bearer " + stub
                                    + "\r\nAccept-Encoding: gzip, deflate, br\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            tls.getOutputStream().flush();
            reply = readToEnd(tls);
        }
        assertThat(h.events(AuditEvent.Swap.class))
                .as("the secret was really injected, so the upstream really had it to echo")
                .isNotEmpty();

        List<String> forbidden = List.of(EchoingUpstream.spellings(h.realToken).split(" "));
        String seenByClient = reply + decodedBody(reply);
        String audited = h.audit.subList(eventsBefore, h.audit.size()).toString();
        String spans = h.spans.getFinishedSpanItems().toString();
        for (String spelling : forbidden) {
            assertThat(seenByClient).as("client, spelled %s", spelling).doesNotContain(spelling);
            assertThat(audited).as("audit, spelled %s", spelling).doesNotContain(spelling);
            assertThat(spans).as("spans, spelled %s", spelling).doesNotContain(spelling);
        }
        switch (path) {
            case "/bad-content-length", "/bad-status" -> assertThat(reply).startsWith("HTTP/1.1 502");
            case "/early-hints" ->
                assertThat(reply)
                        .as("both interim responses relayed, scrubbed, before the final one")
                        .startsWith("HTTP/1.1 103 Early Hints\r\n")
                        .contains("HTTP/1.1 102 Processing\r\n")
                        .contains("HTTP/1.1 200 OK\r\n")
                        .containsIgnoringCase("link: </s.css?t=" + stub + ">");
            case "/headers", "/gzip", "/deflate", "/deflate-raw", "/br" ->
                assertThat(seenByClient)
                        .as("the stub came back in the secret's place")
                        .contains(stub);
            case "/chunked" ->
                assertThat(reply).as("the trailer's echo, scrubbed").containsIgnoringCase("x-echo: " + stub);
            case "/br-corrupt" ->
                assertThat(reply)
                        .as("a body the vault cannot decode from its first chunk is a 502, never relayed")
                        .startsWith("HTTP/1.1 502")
                        .doesNotContain("echo");
            default -> {} // a lenient parse relayed scrubbed, a 502 or a cut connection: all safe
        }
    }

    @Test
    void aStubInThePathIsRecordedAsItsIdInTheSpanAndTheAudit() throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        try (var tls = h.tunnel("echo.example", "echo.example")) {
            tls.getOutputStream()
                    .write(("GET /repos/" + stub + "/x?" + stub + "=1 HTTP/1.1\r\nHost: echo.example\r\n"
                                    + "Connection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            readToEnd(tls);
        }
        var urls = h.spans.getFinishedSpanItems().stream()
                .map(span -> span.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("url.full")))
                .filter(u -> u != null && u.contains("/repos/"))
                .toList();
        assertThat(urls)
                .singleElement()
                .satisfies(u ->
                        assertThat(u).isEqualTo("https://echo.example/repos/<stub:github>/x?<stub:github>=REDACTED"));
        assertThat(h.spans.getFinishedSpanItems().toString()).doesNotContain(stub);
        assertThat(h.events(AuditEvent.Decision.class))
                .anySatisfy(e -> assertThat(e.request().path()).isEqualTo("/repos/<stub:github>/x"));
    }

    /** Everything the vault sends until it closes the connection (or the socket times out). */
    private static String readToEnd(javax.net.ssl.SSLSocket tls) throws java.io.IOException {
        var out = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n; (n = tls.getInputStream().read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after a cut-off response: what arrived before it is what the client saw
        }
        return out.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** The body of a chunked reply, decoded as its Content-Encoding says, as a client would. */
    private static String decodedBody(String reply) {
        String lower = reply.toLowerCase(java.util.Locale.ROOT);
        int at = lower.indexOf("content-encoding: ");
        if (at < 0 || !lower.contains("transfer-encoding: chunked")) {
            return "";
        }
        String coding = lower.substring(at + 18, lower.indexOf("\r\n", at)).trim();
        String body = reply.substring(reply.indexOf("\r\n\r\n") + 4);
        var raw = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < body.length()) {
            int eol = body.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(i, eol).trim(), 16);
            if (size == 0) {
                break;
            }
            raw.writeBytes(
                    body.substring(eol + 2, eol + 2 + size).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            i = eol + 2 + size + 2;
        }
        byte[] encoded = raw.toByteArray();
        try {
            byte[] decoded = switch (coding) {
                case "gzip" -> new GZIPInputStream(new java.io.ByteArrayInputStream(encoded)).readAllBytes();
                // The vault always sends deflate as zlib, whichever form the upstream used.
                case "deflate" -> new InflaterInputStream(new java.io.ByteArrayInputStream(encoded)).readAllBytes();
                case "br" -> Decoder.decompress(encoded).getDecompressedData();
                default -> throw new AssertionError("the vault relayed a body in coding " + coding);
            };
            return new String(decoded, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new AssertionError("the " + coding + " body the client got does not decode", e);
        }
    }
}
