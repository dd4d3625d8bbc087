package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guarantees no policy can loosen, tested under a policy that allows everything and injects
 * every credential: credentials stay inside their host binding and placements, private and
 * metadata destinations are refused, TRACE is refused, and limits answer with their status.
 */
class VaultInvariantsIT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [api.github.com, github.com]
                placements: [authorization]
              - id: body_token
                env: BODY_TOKEN
                value_from: {file: "@DIR@/real-body-token"}
                hosts: [api.github.com]
                placements: [body]
            """;

    @TempDir
    static Path dir;

    static VaultHarness h;
    static String realBodyToken;
    static ClosingUpstream closing;

    @BeforeAll
    static void start() throws Exception {
        realBodyToken = "tok_" + VaultHarness.random(40);
        Files.writeString(dir.resolve("real-body-token"), realBodyToken);
        var closingPki = TestPki.create(Files.createDirectories(dir.resolve("closing")), List.of("flaky.example"));
        closing = new ClosingUpstream(closingPki);
        h = new VaultHarness(dir, Path.of("src/test/resources/policies/permissive"), CREDENTIALS, List.of(), c -> {
            var cas = new java.util.ArrayList<>(c.upstreamCas());
            cas.add(closingPki.caPem);
            var pins = new java.util.ArrayList<>(c.connectTo());
            pins.add("flaky.example:443:127.0.0.1:" + closing.port());
            return c.toBuilder().upstreamCas(cas).connectTo(pins).build();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (closing != null) {
            closing.close();
        }
    }

    @Test
    void aCredentialIsNeverSwappedOutsideItsHostBindingWhateverThePolicySays() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("GITHUB_TOKEN");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-H",
                        "Authorization: Bearer " + stub,
                        "https://registry.npmjs.org/left-pad");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(h.upstream.seenBy("registry.npmjs.org").stream()
                        .filter(s -> s.path().equals("/left-pad")))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + stub));
        assertThat(h.events(AuditEvent.Swap.class))
                .noneSatisfy(e -> assertThat(e.request().host()).isEqualTo("registry.npmjs.org"));
    }

    @Test
    void aCredentialIsNeverSwappedOutsideItsPlacements() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("GITHUB_TOKEN");
        var run = h.client("CURL_CA_BUNDLE")
                .run("curl", "-sS", "--fail-with-body", "-H", "X-Token: " + stub, "https://api.github.com/user");
        assertThat(h.upstream.seenBy("api.github.com"))
                .anySatisfy(s -> assertThat(s.header("x-token")).isEqualTo(stub));
        assertThat(run.all()).contains("Bad credentials");
    }

    @Test
    void aStubInTheBodyIsSwappedWhereBodyIsAnAllowedPlacement() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("BODY_TOKEN");
        assertThat(stub).hasSameSizeAs(realBodyToken).isNotEqualTo(realBodyToken);
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "--data-binary",
                        "token=" + stub + "&x=1",
                        "https://api.github.com/upload");
        assertThat(run.exit()).as(run.all()).isZero();
        String expected = FakeUpstream.sha256(("token=" + realBodyToken + "&x=1").getBytes());
        assertThat(run.out()).contains(expected);
    }

    @Test
    void aStubInAGzipBodyIsSwappedAndTheBodyReEncodedAndReFramed() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("BODY_TOKEN");
        Path gz = dir.resolve("body.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(("token=" + stub + "&x=1").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-H",
                        "Content-Encoding: gzip",
                        "--data-binary",
                        "@" + gz,
                        "https://api.github.com/upload-gzip");
        assertThat(run.exit()).as(run.all()).isZero();
        String expected = FakeUpstream.sha256(("token=" + realBodyToken + "&x=1").getBytes());
        assertThat(run.out()).contains("\"gzip\":true").contains(expected);
        // The re-encoded body has a new length: the vault sent it chunked, not with curl's length.
        assertThat(h.upstream.seenBy("api.github.com").stream()
                        .filter(s -> s.path().equals("/upload-gzip")))
                .singleElement()
                .satisfies(s -> assertThat(s.header("content-length")).isNull());
    }

    @Test
    void aBodyInACodingTheVaultCannotReadGoesUpstreamUnchangedWithItsStub() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("BODY_TOKEN");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-H",
                        "Content-Encoding: zstd",
                        "--data-binary",
                        "token=" + stub + "&x=1",
                        "https://api.github.com/upload");
        assertThat(run.exit()).as(run.all()).isZero();
        // Not swapped (the vault cannot look inside), and so nothing real left the vault either.
        assertThat(run.out()).contains(FakeUpstream.sha256(("token=" + stub + "&x=1").getBytes()));
    }

    @Test
    void theDecisionsHeaderEditsReplaceWhatTheClientSent() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "-H",
                        "X-Lap-Policy: spoofed",
                        "-H",
                        "X-Remove-Me: 1",
                        "https://registry.npmjs.org/headers-test");
        assertThat(run.exit()).as(run.all()).isZero();
        var seen = h.upstream.seenBy("registry.npmjs.org").stream()
                .filter(s -> s.path().equals("/headers-test"))
                .toList();
        assertThat(seen).singleElement().satisfies(s -> {
            assertThat(s.headers().get("x-lap-policy")).containsExactly("set-by-policy");
            assertThat(s.header("x-remove-me")).isNull();
        });
    }

    @Test
    void privateLoopbackAndMetadataDestinationsAreRefusedEvenWhenThePolicyAllowsThem() throws Exception {
        Client.assumeInstalled("curl");
        var client = h.client("CURL_CA_BUNDLE");
        var loopback = client.run("curl", "-sS", "http://127.0.0.1:" + h.upstream.port() + "/");
        assertThat(loopback.out()).contains("forbidden_destination").contains("loopback");
        var metadata = client.run("curl", "-sS", "http://169.254.169.254/latest/meta-data/");
        assertThat(metadata.out()).contains("forbidden_destination").contains("metadata");
        var tunnelled = client.run("curl", "-sS", "https://10.1.2.3/");
        assertThat(tunnelled.out())
                .as(tunnelled.all())
                .contains("forbidden_destination")
                .contains("private");
    }

    @Test
    void traceIsRefused() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run("curl", "-sS", "-X", "TRACE", "-w", "\nstatus=%{http_code}", "https://api.github.com/");
        assertThat(run.out()).contains("method_not_allowed").endsWith("status=405");
    }

    @Test
    void aSecondAuthorizationBesideTheInjectedOneIsRefusedAndNothingIsSent() throws Exception {
        Client.assumeInstalled("curl");
        int seenBefore = h.upstream.seen.size();
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "-w",
                        "\nstatus=%{http_code}",
                        "-H",
                        "Authorization: Bearer " + h.stub("GITHUB_TOKEN"),
                        "-H",
                        "Authorization: Bearer attacker-chosen",
                        "https://api.github.com/user");
        assertThat(run.out()).contains("authorization more than once").endsWith("status=400");
        assertThat(h.upstream.seen).hasSize(seenBefore);
    }

    @Test
    void anOversizedRequestHeadIsRefusedWith431() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--http1.1", // HTTP/1.1's head cap; VaultHttp2IT covers HTTP/2's header list
                        "-w",
                        "\nstatus=%{http_code}",
                        "-H",
                        "X-Big: " + "a".repeat(70_000),
                        "https://api.github.com/user");
        assertThat(run.out()).endsWith("status=431");
        assertThat(h.events(AuditEvent.Limit.class)).isNotEmpty();
    }

    @Test
    void severalRequestsShareOneKeptAliveTunnel() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "-w",
                        "\nstatus=%{http_code} connects=%{num_connects}\n",
                        "https://registry.npmjs.org/a",
                        "https://registry.npmjs.org/b",
                        "https://registry.npmjs.org/c");
        assertThat(run.exit()).as(run.all()).isZero();
        // curl counts the connections each transfer opened: the first one, then none.
        assertThat(run.out().lines().filter(l -> l.startsWith("status=")))
                .containsExactly("status=200 connects=1", "status=200 connects=0", "status=200 connects=0");
    }

    @Test
    void anAbsoluteFormHttpRequestIsDecidedAndForwardedWithoutATunnel() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client().run("curl", "-sS", "--fail-with-body", "http://registry.npmjs.org/plain-http");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("left-pad");
        assertThat(h.upstream.seenBy("registry.npmjs.org"))
                .anySatisfy(s -> assertThat(s.path()).isEqualTo("/plain-http"));
        assertThat(h.events(AuditEvent.Decision.class))
                .anySatisfy(e -> assertThat(e.request().path()).isEqualTo("/plain-http"));
    }

    @Test
    void everyLiteralFormOfALoopbackAddressIsCanonicalisedAndRefused() throws Exception {
        for (String form : List.of("127.1", "0x7f.0.0.1", "0177.0.0.1", "2130706433", "[::ffff:127.0.0.1]")) {
            try (var tls = h.tunnel(form, null)) {
                String reply = VaultHarness.exchange(tls, "GET / HTTP/1.1\r\nHost: " + form + "\r\n\r\n");
                assertThat(reply).as(form).startsWith("HTTP/1.1 403").contains("forbidden_destination");
            }
        }
    }

    @Test
    void aRequestOnAKeptAliveConnectionTheServerClosedIsSentAgainOnAFreshOne() throws Exception {
        Client.assumeInstalled("curl");
        int before = closing.connections.get();
        // The upstream answers once per connection and closes it when a second request arrives,
        // so the second request (and the first, if a pooled connection is left from another
        // test) only succeeds if the vault sends it again on a fresh connection.
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "https://flaky.example/one",
                        "https://flaky.example/two",
                        "https://flaky.example/three");
        assertThat(run.exit()).as(run.all()).isZero();
        // The third reuses the connection the second was retried on, which must have ended its
        // message properly.
        assertThat(run.out().split("answer ", -1)).hasSize(4);
        // Each connection answers once: the first request's, then one fresh connection for each
        // of the two retried requests.
        assertThat(closing.connections.get() - before).isEqualTo(3);
    }

    @Test
    void anUpstreamResponseHeadOverTheCapIsNeverRelayed() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run("curl", "-sS", "-w", "\nstatus=%{http_code}", "https://api.github.com/huge-header");
        assertThat(run.out()).contains("bad_gateway").endsWith("status=502").doesNotContain("should not see");
    }

    @Test
    void aRealSecretInAResponseTrailerIsScrubbed() throws Exception {
        Client.assumeInstalled("curl");
        closing.sendTrailer("Bearer " + h.realToken);
        try {
            var run = h.client("CURL_CA_BUNDLE").run("curl", "-sS", "-D", "-", "https://flaky.example/trailer");
            assertThat(run.exit()).as(run.all()).isZero();
            assertThat(run.out()).contains("answer").doesNotContain(h.realToken);
            assertThat(run.out().toLowerCase())
                    .contains("x-echo: bearer " + h.stub("GITHUB_TOKEN").toLowerCase());
        } finally {
            closing.sendTrailer("");
        }
    }
}
