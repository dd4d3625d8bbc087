package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.Limits;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 between the sandbox and the vault: ALPN {@code h2} in the intercepted tunnel, every stream
 * judged as its own request by the same code as HTTP/1.1, {@code :authority} bound to the CONNECT
 * host, and the abuse caps (concurrent streams, rapid reset). Real clients (curl {@code --http2},
 * the JDK's HttpClient) and a raw frame writer for what no honest client sends.
 */
class VaultHttp2IT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [api.github.com]
                placements: [authorization]
            """;
    static final int MAX_STREAMS = 3;
    static final int MAX_RESETS = 10;

    @TempDir
    static Path dir;

    static VaultHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new VaultHarness(
                dir,
                Path.of("src/test/resources/policies/h2"),
                CREDENTIALS,
                List.of(),
                c -> c.toBuilder()
                        .limits(Limits.DEFAULTS.toBuilder()
                                .maxConcurrentStreams(MAX_STREAMS)
                                .maxStreamResets(MAX_RESETS)
                                .streamResetWindow(Duration.ofSeconds(60))
                                .build())
                        .build());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private static String stub() {
        return h.stub("GITHUB_TOKEN");
    }

    /** Each of {@code requestIds} carried exactly one swap of the github credential. */
    private static void swappedOncePerRequest(List<String> requestIds) {
        Map<String, Long> swaps = h.events(AuditEvent.Swap.class).stream()
                .filter(e -> requestIds.contains(e.request().id()))
                .collect(Collectors.groupingBy(e -> e.request().id(), Collectors.counting()));
        assertThat(swaps.keySet()).containsExactlyInAnyOrderElementsOf(requestIds);
        assertThat(swaps.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
    }

    @Test
    void curlNegotiatesH2InTheTunnelAndItsRequestIsJudgedAsHttp2AndSwappedOnce() throws Exception {
        Client.assumeInstalled("curl");
        int before = h.audit.size();
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--http2",
                        "--fail-with-body",
                        "-w",
                        "\nhttp_version=%{http_version}",
                        "-H",
                        "Authorization: Bearer " + stub(),
                        "https://api.github.com/user");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("octocat").endsWith("http_version=2");
        assertThat(run.all()).doesNotContain(h.realToken);
        List<AuditEvent.Decision> decisions = h.audit.subList(before, h.audit.size()).stream()
                .filter(e -> e instanceof AuditEvent.Decision)
                .map(e -> (AuditEvent.Decision) e)
                .filter(d -> "/user".equals(d.request().path()) && d.reason().equals("allowed over HTTP/2"))
                .toList();
        assertThat(decisions).hasSize(1);
        swappedOncePerRequest(List.of(decisions.getFirst().request().id()));
        assertThat(h.upstream.seenBy("api.github.com"))
                .anySatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + h.realToken));
    }

    @Test
    void javaHttpClientOverHttp2GetsEachConcurrentStreamJudgedOnItsOwn() throws Exception {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_2)
                .proxy(ProxySelector.of(
                        new InetSocketAddress("127.0.0.1", h.vault.address().getPort())))
                .sslContext(h.trustingTheVault())
                .connectTimeout(Duration.ofSeconds(10))
                .build()) {
            // The first request opens the connection; the next ones are multiplexed on it.
            var first = client.send(request("/user"), HttpResponse.BodyHandlers.ofString());
            assertThat(first.version()).isEqualTo(HttpClient.Version.HTTP_2);
            var allowed = client.sendAsync(request("/user"), HttpResponse.BodyHandlers.ofString());
            var refused = client.sendAsync(request("/forbidden/admin"), HttpResponse.BodyHandlers.ofString());
            assertThat(allowed.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(allowed.get().body()).contains("octocat").doesNotContain(h.realToken);
            assertThat(allowed.get().version()).isEqualTo(HttpClient.Version.HTTP_2);
            var no = refused.get(20, TimeUnit.SECONDS);
            assertThat(no.statusCode()).isEqualTo(403);
            assertThat(no.body()).contains("refused over HTTP/2").contains("forbidden_path");
            assertThat(no.version()).isEqualTo(HttpClient.Version.HTTP_2);
        }
        assertThat(h.upstream.seenBy("api.github.com"))
                .noneSatisfy(s -> assertThat(s.path()).startsWith("/forbidden"));
        assertThat(h.upstream.seenBy("api.github.com"))
                .as("a GET without a body goes upstream without framing for one")
                .allSatisfy(s -> {
                    if (s.method().equals("GET")) {
                        assertThat(s.headers()).doesNotContainKey("transfer-encoding");
                    }
                });
    }

    private static HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("https://api.github.com" + path))
                .header("Authorization", "Bearer " + stub())
                .timeout(Duration.ofSeconds(20))
                .build();
    }

    @Test
    void twoStreamsOnOneConnectionAreJudgedApartOneAllowedOneRefused() throws Exception {
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            c.headers(
                    1,
                    RawH2Client.request("GET", "api.github.com", "/user").add("authorization", "Bearer " + stub()),
                    true);
            c.headers(3, RawH2Client.request("GET", "api.github.com", "/forbidden/x"), true);
            c.stream(1).ended.get(20, TimeUnit.SECONDS);
            c.stream(3).ended.get(20, TimeUnit.SECONDS);
            assertThat(c.stream(1).status()).isEqualTo("200");
            assertThat(c.stream(1).bodyText()).contains("octocat").doesNotContain(h.realToken);
            assertThat(c.stream(3).status()).isEqualTo("403");
            assertThat(c.stream(3).bodyText()).contains("forbidden_path");
            String id1 = String.valueOf(c.stream(1).headers.get(0).get("x-lap-request-id"));
            String id3 = String.valueOf(c.stream(3).headers.get(0).get("x-lap-request-id"));
            assertThat(id1).isNotEqualTo(id3);
            swappedOncePerRequest(List.of(id1));
            assertThat(h.events(AuditEvent.Decision.class))
                    .filteredOn(d -> d.request().id() != null
                            && (d.request().id().equals(id1) || d.request().id().equals(id3)))
                    .extracting(d -> d.verdict())
                    .containsExactlyInAnyOrder(AuditEvent.Verdict.ALLOW, AuditEvent.Verdict.DENY);
        }
    }

    @Test
    void aBodilessPostAfterAGetReusesTheUpstreamConnectionAndIsAnswered() throws Exception {
        // A stream that ends with its headers once went upstream as a head whose end was never
        // written, so the next request on that pooled connection failed: a GET was retried on a
        // new connection (one upstream TLS handshake per request or so), a POST was a 502.
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            var auth = "Bearer " + stub();
            c.headers(1, RawH2Client.request("GET", "api.github.com", "/user").add("authorization", auth), true);
            c.stream(1).ended.get(20, TimeUnit.SECONDS);
            c.headers(3, RawH2Client.request("POST", "api.github.com", "/user").add("authorization", auth), true);
            c.stream(3).ended.get(20, TimeUnit.SECONDS);
            assertThat(c.stream(1).status()).isEqualTo("200");
            assertThat(c.stream(3).status()).isEqualTo("200");
        }
    }

    @Test
    void aStreamWhoseAuthorityIsNotTheConnectHostIsRefusedAndTheConnectionLivesOn() throws Exception {
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            c.headers(1, RawH2Client.request("GET", "registry.npmjs.org", "/left-pad"), true);
            c.headers(3, RawH2Client.request("GET", "api.github.com:8443", "/user"), true);
            c.headers(5, RawH2Client.request("GET", "api.github.com", "/user").add("host", "registry.npmjs.org"), true);
            for (int id : new int[] {1, 3, 5}) {
                c.stream(id).ended.get(20, TimeUnit.SECONDS); // this vault allows 3 streams at once
            }
            c.headers(
                    7,
                    RawH2Client.request("GET", "api.github.com", "/user").add("authorization", "Bearer " + stub()),
                    true);
            for (int id : new int[] {1, 3, 5, 7}) {
                c.stream(id).ended.get(20, TimeUnit.SECONDS);
            }
            assertThat(c.stream(1).status()).isEqualTo("421");
            assertThat(c.stream(3).status()).isEqualTo("421");
            assertThat(c.stream(5).status())
                    .as("a host header beside :authority must agree")
                    .isEqualTo("400");
            assertThat(c.stream(7).status())
                    .as("reset %s, goaway %s", c.stream(7).reset, c.goAway.getNow(-1L))
                    .isEqualTo("200");
        }
        assertThat(h.upstream.seenBy("registry.npmjs.org")).isEmpty();
    }

    @Test
    void headersHttp2ForbidsOrThatWouldSplitAnHttp11RequestAreRefusedAndNeverForwarded() throws Exception {
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            c.headers(
                    1,
                    RawH2Client.request("GET", "api.github.com", "/user?h2-split-1")
                            .add("connection", "close"),
                    true);
            c.headers(
                    3,
                    RawH2Client.request("GET", "api.github.com", "/user?h2-split-2")
                            .add("transfer-encoding", "chunked"),
                    true);
            c.headers(
                    5,
                    RawH2Client.request("GET", "api.github.com", "/user?h2-split-3")
                            .add("x-a", "1\r\nx-evil: 1"),
                    true);
            c.headers(7, RawH2Client.request("GET", "api.github.com", "/user?h2-split-4 HTTP/1.1\r\nx-evil: 1"), true);
            c.headers(
                    9,
                    RawH2Client.request("GET", "api.github.com", "/user?h2-split-5")
                            .add("te", "gzip"),
                    true);
            for (int id : new int[] {1, 3, 5, 7, 9}) {
                c.stream(id).ended.get(20, TimeUnit.SECONDS);
                var s = c.stream(id);
                assertThat(s.reset >= 0 || "400".equals(s.status()))
                        .as("stream %d: refused by the codec (reset) or by the vault (400), got %s", id, s.status())
                        .isTrue();
            }
        }
        assertThat(h.upstream.seenBy("api.github.com"))
                .noneSatisfy(s -> assertThat(s.path() + s.headers()).contains("h2-split"))
                .noneSatisfy(s -> assertThat(s.headers()).containsKey("x-evil"));
    }

    @Test
    void aBodyLongerThanItsContentLengthNeverReachesTheUpstreamAsASecondRequest() throws Exception {
        // CVE-2021-21295's shape: an HTTP/1.1 upstream would read the bytes past Content-Length as
        // the next request on its connection.
        String smuggled = "GET /smuggled HTTP/1.1\r\nHost: api.github.com\r\n\r\n";
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            c.headers(1, RawH2Client.request("POST", "api.github.com", "/user").add("content-length", "5"), false);
            c.data(1, "hello" + smuggled, true);
            c.stream(1).ended.get(20, TimeUnit.SECONDS);
            assertThat(c.stream(1).reset)
                    .as("the stream is reset, its body never completed")
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(h.upstream.seenBy("api.github.com"))
                .noneSatisfy(s -> assertThat(s.path()).isEqualTo("/smuggled"));
    }

    @Test
    void aHeaderBlockOverTheHeadCapNeverReachesTheUpstream() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--http2",
                        "-w",
                        "\nstatus=%{http_code}",
                        "-H",
                        "X-Big: " + "a".repeat(70_000),
                        "https://api.github.com/user");
        // Netty answers 431 or ends the connection, depending on how far over the cap the block is.
        assertThat(run.out()).containsAnyOf("status=431", "status=000");
        assertThat(h.upstream.seenBy("api.github.com"))
                .noneSatisfy(s -> assertThat(s.headers()).containsKey("x-big"));
    }

    @Test
    void aStreamBeyondTheConcurrentStreamCapIsRefused() throws Exception {
        int before = h.upstream.seenBy("api.github.com").size();
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            // Uploads whose bodies never come: each stream stays open, waiting for its body.
            for (int i = 0; i < MAX_STREAMS; i++) {
                c.headers(
                        1 + 2 * i,
                        RawH2Client.request("POST", "api.github.com", "/stream/sink")
                                .add("content-length", "1000"),
                        false);
            }
            int over = 1 + 2 * MAX_STREAMS;
            c.headers(over, RawH2Client.request("GET", "api.github.com", "/user"), true);
            c.stream(over).ended.get(20, TimeUnit.SECONDS);
            assertThat(c.stream(over).reset).as("REFUSED_STREAM").isEqualTo(7L);
            assertThat(c.stream(over).headers).isEmpty();
        }
        assertThat(h.upstream.seenBy("api.github.com").stream().skip(before))
                .noneSatisfy(s -> assertThat(s.path()).isEqualTo("/user"));
    }

    @Test
    void aRapidResetFloodEndsTheConnectionWithGoawayAndIsAudited() throws Exception {
        try (var c = new RawH2Client(h.vault.address().getPort(), "api.github.com", h.vault.caCertificate())) {
            try {
                for (int i = 0; i < 4 * MAX_RESETS && !c.closed.isDone(); i++) {
                    int id = 1 + 2 * i;
                    c.headers(
                            id,
                            RawH2Client.request("POST", "api.github.com", "/stream/sink")
                                    .add("content-length", "1000"),
                            false);
                    c.reset(id);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // a write after the vault closed the connection: the flood was cut off, as it must be
            }
            assertThat(c.goAway.get(20, TimeUnit.SECONDS))
                    .as("ENHANCE_YOUR_CALM")
                    .isEqualTo(11L);
            c.closed.get(20, TimeUnit.SECONDS);
        }
        assertThat(h.events(AuditEvent.Limit.class)).anySatisfy(l -> {
            assertThat(l.limit()).isEqualTo("http2_flood");
            assertThat(l.request().host()).isEqualTo("api.github.com");
        });
    }
}
