package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the policy judges is what goes upstream: a client that encodes its path, hides dot
 * segments, asks for another method in a header or sends a body on a read. The {@code judged} test
 * policy copies its input into headers, so the fake upstream shows both what was judged and what
 * was forwarded; the shipped policy refuses the disguised writes on the read-only registries.
 */
class VaultJudgedRequestIT {
    @TempDir
    static Path judgedDir;

    @TempDir
    static Path shippedDir;

    static VaultHarness judged;
    static VaultHarness shipped;

    @BeforeAll
    static void start() throws Exception {
        judged = new VaultHarness(
                judgedDir, Path.of("src/test/resources/policies/judged"), "credentials: []\n", List.of());
        shipped = new VaultHarness(shippedDir, Path.of("..", "policies"), "credentials: []\n", List.of());
    }

    @AfterAll
    static void stop() {
        if (judged != null) {
            judged.close();
        }
        if (shipped != null) {
            shipped.close();
        }
    }

    private static String send(VaultHarness h, String host, String request) throws Exception {
        try (var tls = h.tunnel(host, host)) {
            return VaultHarness.exchange(tls, request);
        }
    }

    private static FakeUpstream.Seen lastSeen(VaultHarness h, String path) {
        var matching =
                h.upstream.seen.stream().filter(s -> s.path().equals(path)).toList();
        assertThat(matching).as("requests the upstream saw for " + path).hasSize(1);
        return matching.get(0);
    }

    @Test
    void encodedDotSegmentsAreRemovedBeforeTheDecisionAndTheSamePathIsForwarded() throws Exception {
        String reply = send(
                judged,
                "api.github.com",
                "GET /repos/acme/public/%2e%2E/%2e%2e/admin/./%7Euser HTTP/1.1\r\nHost: api.github.com\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 404");
        var seen = lastSeen(judged, "/repos/admin/~user");
        assertThat(seen.header("x-judged-path")).isEqualTo("/repos/admin/~user");
        assertThat(judged.events(AuditEvent.Decision.class))
                .anySatisfy(e -> assertThat(e.request().path()).isEqualTo("/repos/admin/~user"));
    }

    @Test
    void anAbsoluteFormRequestIsNormalisedTheSameWay() throws Exception {
        String encodedSlash = sendOutsideATunnel(
                judged,
                "GET http://example.com/a/b/%2E%2E/c%2f%2E HTTP/1.1\r\n"
                        + "Host: example.com\r\nConnection: close\r\n\r\n");
        sendOutsideATunnel(
                judged,
                "GET http://example.com/a/b/%2E%2E/c HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n");

        assertThat(encodedSlash).startsWith("HTTP/1.1 400");
        assertThat(lastSeen(judged, "/a/c").header("x-judged-path")).isEqualTo("/a/c");
    }

    private static String sendOutsideATunnel(VaultHarness h, String request) throws Exception {
        try (var s = new Socket("127.0.0.1", h.vault.address().getPort())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return VaultHarness.readHead(s.getInputStream());
        }
    }

    @Test
    void anEncodedSlashIsRefusedUnlessTheDecisionOptsIn() throws Exception {
        String refused = send(judged, "api.github.com", "GET /repos/a%2fb HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        String backslash =
                send(judged, "api.github.com", "GET /repos/a%5C..%5Cadmin HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        String rawBackslash =
                send(judged, "api.github.com", "GET /repos/a\\b HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        String allowed =
                send(judged, "api.github.com", "GET /opt-in/@types%2fnode HTTP/1.1\r\nHost: api.github.com\r\n\r\n");

        for (String reply : List.of(refused, backslash, rawBackslash)) {
            assertThat(reply)
                    .startsWith("HTTP/1.1 400")
                    .contains("\"error\":\"bad_request\"")
                    .contains("allow_encoded_slashes");
        }
        assertThat(judged.upstream.seen).noneMatch(s -> s.path().startsWith("/repos/a"));
        assertThat(allowed).startsWith("HTTP/1.1 404");
        assertThat(lastSeen(judged, "/opt-in/@types%2Fnode").header("x-judged-path"))
                .isEqualTo("/opt-in/@types%2Fnode");
    }

    @Test
    void pathsTwoServersReadDifferentlyAreRefusedBeforeTheDecision() throws Exception {
        String tomcat =
                send(judged, "api.github.com", "GET /public/..;/admin HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        String badEscape = send(judged, "api.github.com", "GET /a%zz HTTP/1.1\r\nHost: api.github.com\r\n\r\n");

        assertThat(tomcat).startsWith("HTTP/1.1 400").contains("'..;'");
        assertThat(badEscape).startsWith("HTTP/1.1 400").contains("two hex digits");
        assertThat(judged.upstream.seen)
                .noneMatch(s -> s.path().contains("admin") || s.path().startsWith("/a%"));
    }

    @Test
    void aMethodOverrideAndABodyOnGetAreShownToThePolicy() throws Exception {
        send(
                judged,
                "api.github.com",
                "GET /override HTTP/1.1\r\nHost: api.github.com\r\nX-HTTP-Method-Override: delete\r\n"
                        + "Content-Length: 5\r\n\r\nhello");
        send(judged, "api.github.com", "GET /plain HTTP/1.1\r\nHost: api.github.com\r\n\r\n");

        var override = lastSeen(judged, "/override");
        assertThat(override.header("x-judged-override")).isEqualTo("[DELETE]");
        assertThat(override.header("x-judged-body")).isEqualTo("true");
        var plain = lastSeen(judged, "/plain");
        assertThat(plain.header("x-judged-override")).isEqualTo("[]");
        assertThat(plain.header("x-judged-body")).isEqualTo("false");
    }

    @Test
    void anSniInAnotherSpellingOfTheConnectHostPassesAndIsJudgedInCanonicalForm() throws Exception {
        try (var tls = judged.tunnel("api.github.com", "API.GitHub.COM")) {
            String reply = VaultHarness.exchange(tls, "GET /sni HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 404");
        }
        try (var tls = judged.tunnel("api.github.com", null)) {
            VaultHarness.exchange(tls, "GET /no-sni HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        }

        assertThat(lastSeen(judged, "/sni").header("x-judged-sni")).isEqualTo("api.github.com");
        assertThat(lastSeen(judged, "/no-sni").header("x-judged-sni")).isEqualTo("null");
    }

    @Test
    void overrideHeadersThatDisagreeAreRefused() throws Exception {
        String reply = send(
                judged,
                "api.github.com",
                "GET /disagree HTTP/1.1\r\nHost: api.github.com\r\nX-HTTP-Method-Override: GET\r\n"
                        + "X-Method-Override: DELETE\r\n\r\n");

        assertThat(reply).startsWith("HTTP/1.1 400").contains("name different methods");
        assertThat(judged.upstream.seen).noneMatch(s -> s.path().equals("/disagree"));
    }

    @Test
    void theShippedPolicyRefusesDisguisedWritesOnTheReadOnlyRegistries() throws Exception {
        String override = send(
                shipped,
                "registry.npmjs.org",
                "GET /override-probe HTTP/1.1\r\nHost: registry.npmjs.org\r\nX-HTTP-Method: DELETE\r\n\r\n");
        String body = send(
                shipped,
                "registry.npmjs.org",
                "GET /body-probe HTTP/1.1\r\nHost: registry.npmjs.org\r\nContent-Length: 2\r\n\r\n{}");
        String scoped =
                send(shipped, "registry.npmjs.org", "GET /@types%2fnode HTTP/1.1\r\nHost: registry.npmjs.org\r\n\r\n");
        String plain =
                send(shipped, "registry.npmjs.org", "GET /left-pad HTTP/1.1\r\nHost: registry.npmjs.org\r\n\r\n");

        assertThat(override)
                .startsWith("HTTP/1.1 403")
                .contains("a method override asks for DELETE")
                .contains("\"rule\":\"registries\"");
        assertThat(body).startsWith("HTTP/1.1 403").contains("carries a body");
        assertThat(scoped).as("npm's scoped packages: the registries opt in").startsWith("HTTP/1.1 200");
        assertThat(plain).startsWith("HTTP/1.1 200");
        assertThat(shipped.upstream.seenBy("registry.npmjs.org"))
                .extracting(FakeUpstream.Seen::path)
                .contains("/@types%2Fnode", "/left-pad")
                .doesNotContain("/override-probe", "/body-probe");
    }

    @Test
    void curlsRequestsAreJudgedAsTheyAreForwarded() throws Exception {
        Client.assumeInstalled("curl");
        Client curl = shipped.client("CURL_CA_BUNDLE");
        String[] common = {"timeout", "30", "curl", "-sS", "--path-as-is", "-w", "\nstatus=%{http_code}"};

        var dotted = curl.run(concat(common, "https://registry.npmjs.org/a/%2e%2e/curl-dotted"));
        var scoped = curl.run(concat(common, "https://registry.npmjs.org/@lap%2fcurl-scoped"));
        var override = curl.run(
                concat(common, "-H", "X-HTTP-Method-Override: PUT", "https://registry.npmjs.org/curl-override"));
        var bodyOnGet = curl.run(concat(common, "-X", "GET", "--data", "x=1", "https://registry.npmjs.org/curl-body"));

        assertThat(dotted.out()).as(dotted.toString()).endsWith("status=200");
        assertThat(scoped.out()).as(scoped.toString()).endsWith("status=200");
        assertThat(override.out())
                .as(override.toString())
                .endsWith("status=403")
                .contains("method override");
        assertThat(bodyOnGet.out())
                .as(bodyOnGet.toString())
                .endsWith("status=403")
                .contains("carries a body");
        assertThat(shipped.upstream.seenBy("registry.npmjs.org"))
                .extracting(FakeUpstream.Seen::path)
                .contains("/curl-dotted", "/@lap%2Fcurl-scoped")
                .doesNotContain("/a/%2e%2e/curl-dotted", "/curl-override", "/curl-body");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
