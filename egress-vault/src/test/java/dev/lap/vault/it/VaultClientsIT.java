package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.Fingerprint;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped {@code policies/} and real clients (curl, gh, git, Python requests) behind the vault,
 * against fake GitHub and registry upstreams. Each test checks both ends: the upstream saw the real
 * token, the client and its output saw only the stub, and the audit recorded the swap.
 */
class VaultClientsIT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [api.github.com, github.com, codeload.github.com, raw.githubusercontent.com]
                placements: [authorization]
            """;

    @TempDir
    static Path dir;

    static VaultHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new VaultHarness(dir, Path.of("..", "policies"), CREDENTIALS, List.of());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    private String stub() {
        return h.stub("GITHUB_TOKEN");
    }

    /**
     * Every request to {@code host} that carried a swap has exactly one swap of the GitHub
     * credential (a double swap, or a swap on the wrong request, fails), and there was at least one.
     */
    private void assertSwappedOnce(String host) {
        var swaps = h.events(AuditEvent.Swap.class).stream()
                .filter(e -> host.equals(e.request().host()))
                .toList();
        assertThat(swaps).isNotEmpty().allSatisfy(e -> {
            assertThat(e.credential().id()).isEqualTo("github");
            assertThat(e.credential().fingerprint()).isEqualTo(Fingerprint.of(h.realToken));
        });
        var perRequest = swaps.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        e -> e.request().id(), java.util.stream.Collectors.counting()));
        assertThat(perRequest)
                .allSatisfy(
                        (id, n) -> assertThat(n).as("swaps in request %s", id).isEqualTo(1L));
        assertThat(h.audit.toString()).doesNotContain(h.realToken);
    }

    @Test
    void theStubIsShapedLikeTheRealTokenButIsNotIt() {
        assertThat(stub()).startsWith("ghp_").hasSameSizeAs(h.realToken).isNotEqualTo(h.realToken);
    }

    @Test
    void curlWithTheStubReachesGithubWithTheRealToken() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-H",
                        "Authorization: Bearer " + stub(),
                        "https://api.github.com/user");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("octocat");
        assertThat(h.upstream.seenBy("api.github.com"))
                .anySatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + h.realToken));
        assertThat(run.all()).doesNotContain(h.realToken);
        assertSwappedOnce("api.github.com");
    }

    @Test
    void ghApiUserWorksWithTheStubAsGhToken() throws Exception {
        Client.assumeInstalled("gh");
        var run = h.client("SSL_CERT_FILE")
                .with("GH_TOKEN", stub())
                .with("GH_NO_UPDATE_NOTIFIER", "1")
                .with("GH_PROMPT_DISABLED", "1")
                .run("gh", "api", "user");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("octocat");
        assertThat(h.upstream.seenBy("api.github.com"))
                .anySatisfy(s -> assertThat(s.header("authorization")).isEqualTo("token " + h.realToken));
        assertThat(run.all()).doesNotContain(h.realToken);
    }

    @Test
    void pythonRequestsWithTheStubReachesGithub() throws Exception {
        Client.assumeInstalled("python3");
        Path script = dir.resolve("client.py");
        Files.writeString(script, """
                import os, requests
                r = requests.get("https://api.github.com/user",
                                 headers={"Authorization": "Bearer " + os.environ["GITHUB_TOKEN"]}, timeout=30)
                print(r.status_code, r.text)
                """);
        var run = h.client("REQUESTS_CA_BUNDLE").with("GITHUB_TOKEN", stub()).run("python3", script.toString());
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).startsWith("200").contains("octocat");
        assertThat(run.all()).doesNotContain(h.realToken);
    }

    @Test
    void gitClonesAndPushesOverSmartHttpWithTheStubAfterTheUnauthenticatedFirstRequest() throws Exception {
        Client.assumeInstalled("git");
        Path bare = h.dir.resolve("git-root/octo/repo.git");
        var setup = h.client();
        Path seed = Files.createDirectories(dir.resolve("seed"));
        assertThat(setup.run(seed, "git", "init", "-q", "-b", "main").exit()).isZero();
        Files.writeString(seed.resolve("README.md"), "hello\n");
        assertThat(setup.run(seed, "git", "add", ".").exit()).isZero();
        assertThat(setup.run(
                                seed,
                                "git",
                                "-c",
                                "user.name=t",
                                "-c",
                                "user.email=t@example.com",
                                "commit",
                                "-qm",
                                "first")
                        .exit())
                .isZero();
        Files.createDirectories(bare.getParent());
        assertThat(setup.run("git", "clone", "-q", "--bare", seed.toString(), bare.toString())
                        .exit())
                .isZero();
        assertThat(setup.run(bare, "git", "config", "http.receivepack", "true").exit())
                .isZero();

        String helper = "!f() { echo username=x-access-token; echo \"password=$GITHUB_TOKEN\"; }; f";
        var git = h.client("GIT_SSL_CAINFO").with("GITHUB_TOKEN", stub()).with("GIT_TERMINAL_PROMPT", "0");
        Path work = dir.resolve("work");
        var clone = git.run(
                "git",
                "-c",
                "credential.helper=" + helper,
                "clone",
                "https://github.com/octo/repo.git",
                work.toString());
        assertThat(clone.exit()).as(clone.all()).isZero();
        assertThat(work.resolve("README.md")).hasContent("hello");

        Files.writeString(work.resolve("CHANGE.md"), "pushed through the vault\n");
        assertThat(git.run(work, "git", "add", ".").exit()).isZero();
        assertThat(git.run(
                                work,
                                "git",
                                "-c",
                                "user.name=t",
                                "-c",
                                "user.email=t@example.com",
                                "commit",
                                "-qm",
                                "second")
                        .exit())
                .isZero();
        var push = git.run(work, "git", "-c", "credential.helper=" + helper, "push", "origin", "main");
        assertThat(push.exit()).as(push.all()).isZero();
        assertThat(setup.run(bare, "git", "log", "--oneline", "main").out()).contains("second");

        var seen = h.upstream.seenBy("github.com");
        assertThat(seen.get(0).header("authorization"))
                .as("git's first request carries no credentials")
                .isNull();
        assertThat(seen).anySatisfy(s -> assertThat(s.path()).endsWith("git-receive-pack"));
        assertThat(seen.stream().filter(s -> s.header("authorization") != null))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.header("authorization"))
                        .contains(java.util.Base64.getEncoder()
                                .encodeToString(("x-access-token:" + h.realToken).getBytes())));
        assertThat(clone.all() + push.all()).doesNotContain(h.realToken);
        assertSwappedOnce("github.com");
    }

    @Test
    void aHostNoRuleAllowsIsRefusedWithAJsonReasonAndNothingIsSent() throws Exception {
        Client.assumeInstalled("curl");
        int before = h.upstream.seenBy("example.com").size();
        var run = h.client("CURL_CA_BUNDLE").run("curl", "-sS", "https://example.com/");
        assertThat(run.out())
                .contains("\"error\":\"forbidden\"")
                .contains("\"request_id\":")
                .contains("\"rule\":");
        assertThat(h.upstream.seenBy("example.com")).hasSize(before);
        assertThat(h.events(AuditEvent.Decision.class)).anySatisfy(e -> {
            assertThat(e.request().host()).isEqualTo("example.com");
            assertThat(e.verdict()).isEqualTo(AuditEvent.Verdict.DENY);
        });
    }

    @Test
    void theGithubStubSentToAnotherAllowedHostIsNeverSwapped() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-H",
                        "Authorization: Bearer " + stub(),
                        "https://registry.npmjs.org/left-pad");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(h.upstream.seenBy("registry.npmjs.org"))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + stub()));
    }

    @Test
    void aHostHeaderThatDisagreesWithTheTunnelIsMisdirected() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "-w",
                        "\nstatus=%{http_code}",
                        "-H",
                        "Host: registry.npmjs.org",
                        "https://api.github.com/user");
        assertThat(run.out()).contains("misdirected_request").endsWith("status=421");
    }

    @Test
    void anSniThatDisagreesWithTheConnectTargetIsMisdirected() throws Exception {
        try (var tls = h.tunnel("api.github.com", "registry.npmjs.org")) {
            String reply = VaultHarness.exchange(tls, "GET /user HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 421").contains("TLS server name");
        }
    }

    @Test
    void contentLengthWithTransferEncodingIsRefusedAndNeverForwarded() throws Exception {
        int before = h.upstream.seenBy("api.github.com").size();
        try (var tls = h.tunnel("api.github.com", "api.github.com")) {
            String reply = VaultHarness.exchange(
                    tls,
                    "POST /upload HTTP/1.1\r\nHost: api.github.com\r\nContent-Length: 4\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /user HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 400").contains("bad_request");
        }
        assertThat(h.upstream.seenBy("api.github.com")).hasSize(before);
    }

    @Test
    void aRealTokenEchoedByTheUpstreamIsScrubbedFromHeadersAndBodies() throws Exception {
        Client.assumeInstalled("curl");
        var client = h.client("CURL_CA_BUNDLE");
        var plain = client.run(
                "curl", "-sS", "-D", "-", "-H", "Authorization: Bearer " + stub(), "https://api.github.com/echo");
        assertThat(plain.exit()).as(plain.all()).isZero();
        assertThat(plain.out()).contains("you sent: Bearer " + stub()).doesNotContain(h.realToken);
        assertThat(plain.out().toLowerCase()).contains("x-echo-authorization: bearer " + stub().toLowerCase());
        // curl --compressed offers gzip, deflate and br (and zstd, which the vault drops).
        for (String coding : List.of("gzip", "deflate", "br")) {
            var compressed = client.run(
                    "curl",
                    "-sS",
                    "-D",
                    "-",
                    "--compressed",
                    "-H",
                    "Authorization: Bearer " + stub(),
                    "https://api.github.com/echo?" + coding);
            assertThat(compressed.exit()).as(compressed.all()).isZero();
            assertThat(compressed.out().toLowerCase())
                    .as(coding)
                    .contains("content-encoding: " + coding)
                    .contains("you sent: bearer " + stub().toLowerCase())
                    .doesNotContain(h.realToken.toLowerCase());
        }
        assertThat(h.events(AuditEvent.Scrub.class))
                .anySatisfy(e -> assertThat(e.credential().id()).isEqualTo("github"));
    }

    @Test
    void eachRequestIsOneClientSpanWithHttpAndLapAttributesAndARedactedUrl() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-D",
                        "-",
                        "-H",
                        "Authorization: Bearer " + stub(),
                        "https://api.github.com/user?per_page=5&page=2");
        assertThat(run.exit()).as(run.all()).isZero();
        String requestId = run.out()
                .lines()
                .filter(l -> l.toLowerCase().startsWith("x-lap-request-id:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .findFirst()
                .orElseThrow();
        var spans = h.spans.getFinishedSpanItems().stream()
                .filter(s -> requestId.equals(s.getAttributes().get(AttributeKey.stringKey("lap.request.id"))))
                .toList();
        assertThat(spans).as("one span per request").hasSize(1);
        var span = spans.get(0);
        var a = span.getAttributes();
        assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
        assertThat(span.getName()).isEqualTo("GET");
        assertThat(a.get(AttributeKey.stringKey("http.request.method"))).isEqualTo("GET");
        assertThat(a.get(AttributeKey.stringKey("server.address"))).isEqualTo("api.github.com");
        assertThat(a.get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
        assertThat(a.get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
        assertThat(a.get(AttributeKey.stringKey("url.full")))
                .isEqualTo("https://api.github.com/user?per_page=REDACTED&page=REDACTED");
        assertThat(a.get(AttributeKey.stringKey("lap.decision"))).isEqualTo("allow");
        assertThat(a.get(AttributeKey.stringKey("lap.rule"))).isNotBlank();
        assertThat(a.get(AttributeKey.stringKey("lap.policy.revision"))).isEqualTo(h.vault.policyRevision());
        assertThat(a.get(AttributeKey.stringArrayKey("lap.credential.ids"))).containsExactly("github");
        assertThat(span.toString()).doesNotContain(h.realToken);
    }

    @Test
    void aMalformedChunkInTheBodyRefusesTheRequestAndNothingIsCompletedUpstream() throws Exception {
        int before = h.upstream.seenBy("api.github.com").size();
        try (var tls = h.tunnel("api.github.com", "api.github.com")) {
            String reply = VaultHarness.exchange(
                    tls,
                    "POST /upload HTTP/1.1\r\nHost: api.github.com\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "ZZ\r\nabc\r\n0\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 400").contains("malformed request body");
        }
        assertThat(h.upstream.seenBy("api.github.com")).hasSize(before);
    }
}
