package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.lap.audit.AuditEvent;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VaultHostileUpstreamIT}'s attack with an HTTP/2 client: the upstream echoes the injected
 * secret in every field and spelling (headers, trailers, plain and compressed bodies, malformed
 * responses), all of it requested as concurrent streams on one HTTP/2 connection. The response
 * path is the same code as HTTP/1.1's, so no spelling may reach the client's frames (header
 * blocks, trailers, DATA decoded as a client would), the audit or a span, and each stream's
 * credential is swapped exactly once.
 */
class VaultHttp2HostileUpstreamIT {
    static final List<String> PATHS = List.of(
            "/headers",
            "/chunked",
            "/gzip",
            "/deflate",
            "/deflate-raw",
            "/br",
            "/br-corrupt",
            "/bad-content-length",
            "/bad-header",
            "/bad-status",
            "/bad-chunk");

    @TempDir
    static Path dir;

    static VaultHarness h;
    static EchoingUpstream echo;

    @BeforeAll
    static void start() throws Exception {
        echo = new EchoingUpstream(
                TestPki.create(Files.createDirectories(dir.resolve("echo")), List.of("echo.example")));
        h = VaultHostileUpstreamIT.vaultInFrontOf(echo, dir);
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

    @Test
    void noSpellingOfTheInjectedSecretReachesAnHttp2ClientTheAuditOrASpan() throws Exception {
        String stub = h.stub("GITHUB_TOKEN");
        var seen = new StringBuilder();
        try (var c = new RawH2Client(h.vault.address().getPort(), "echo.example", h.vault.caCertificate())) {
            for (int i = 0; i < PATHS.size(); i++) {
                c.headers(
                        1 + 2 * i,
                        RawH2Client.request("GET", "echo.example", PATHS.get(i))
                                .add("authorization", "Bearer " + stub)
                                .add("accept-encoding", "gzip, deflate, br"),
                        true);
            }
            for (int i = 0; i < PATHS.size(); i++) {
                String path = PATHS.get(i);
                var s = c.stream(1 + 2 * i);
                s.ended.get(20, TimeUnit.SECONDS);
                String client = s.headers + s.bodyText() + decoded(s);
                seen.append(client);
                switch (path) {
                    case "/headers", "/gzip", "/deflate", "/deflate-raw", "/br" ->
                        assertThat(client)
                                .as("%s: the stub came back in the secret's place", path)
                                .contains(stub);
                    case "/chunked" ->
                        assertThat(s.headers)
                                .as("the trailer's echo, scrubbed")
                                .hasSize(2)
                                .last()
                                .satisfies(t -> assertThat(String.valueOf(t.get("x-echo")))
                                        .startsWith(stub + " "));
                    case "/bad-content-length", "/bad-status", "/br-corrupt" ->
                        assertThat(s.status()).as(path).isEqualTo("502");
                    default -> {} // relayed scrubbed, a 502 or a reset stream: all safe
                }
            }
        }
        var swaps = h.events(AuditEvent.Swap.class);
        assertThat(swaps).hasSize(PATHS.size());
        assertThat(swaps.stream().map(e -> e.request().id()).distinct()).hasSize(PATHS.size());
        String audited = h.audit.toString();
        String spans = h.spans.getFinishedSpanItems().toString();
        for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
            assertThat(seen.toString()).as("client, spelled %s", spelling).doesNotContain(spelling);
            assertThat(audited).as("audit, spelled %s", spelling).doesNotContain(spelling);
            assertThat(spans).as("spans, spelled %s", spelling).doesNotContain(spelling);
        }
    }

    /** The stream's body decoded as its content-encoding says, as a client would. */
    private static String decoded(RawH2Client.Stream s) throws Exception {
        if (s.headers.isEmpty()) {
            return "";
        }
        Http2Headers head = s.headers.get(0);
        CharSequence coding = head.get("content-encoding");
        byte[] body;
        synchronized (s) {
            body = s.body.toByteArray();
        }
        if (coding == null || body.length == 0) {
            return "";
        }
        byte[] plain = switch (coding.toString()) {
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(body)).readAllBytes();
            case "br" -> Decoder.decompress(body).getDecompressedData();
            default -> throw new AssertionError("the vault relayed a body in coding " + coding);
        };
        return new String(plain, StandardCharsets.ISO_8859_1);
    }
}
