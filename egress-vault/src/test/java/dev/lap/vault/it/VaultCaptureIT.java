package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.Fingerprint;
import dev.lap.vault.Limits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, item 3: secrets the upstream issues. A hostile identity provider ({@link
 * TokenUpstream}) hands out OAuth tokens and session cookies and echoes back whatever it is sent;
 * the decision captures them. The sandbox's clients (curl, Python) must only ever see stubs, the
 * stubs must turn back into the real values on the way to the host that issued them and to no
 * other, and no spelling of a captured value may reach a client, the audit log or a span.
 */
class VaultCaptureIT {
    static final String CREDENTIALS = """
            credentials:
              - id: github
                env: GITHUB_TOKEN
                value_from: {file: "@DIR@/real-github-token"}
                hosts: [api.github.com]
                placements: [authorization]
            """;
    static final int CAP = 64 * 1024;

    @TempDir
    static Path dir;

    static VaultHarness h;
    static TokenUpstream idp;

    @BeforeAll
    static void start() throws Exception {
        var pki = TestPki.create(Files.createDirectories(dir.resolve("idp")), List.of("auth.example", "other.example"));
        idp = new TokenUpstream(pki);
        h = new VaultHarness(dir, Path.of("src/test/resources/policies/capture"), CREDENTIALS, List.of(), c -> {
            var cas = new ArrayList<>(c.upstreamCas());
            cas.add(pki.caPem);
            var pins = new ArrayList<>(c.connectTo());
            pins.add("auth.example:443:127.0.0.1:" + idp.port());
            pins.add("other.example:443:127.0.0.1:" + idp.port());
            return c.toBuilder()
                    .upstreamCas(cas)
                    .connectTo(pins)
                    .limits(Limits.DEFAULTS.toBuilder().maxCaptureBodyBytes(CAP).build())
                    .build();
        });
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"plain", "chunked", "gzip", "deflate", "br"})
    void aTokenResponseGivesTheClientAStubThatIsSwappedBackOnlyTowardTheHostThatIssuedIt(String coding)
            throws Exception {
        Client.assumeInstalled("curl");
        var curl = h.client("CURL_CA_BUNDLE");
        int eventsBefore = h.audit.size();

        var issued = curl.run(curlArgs("-X", "POST", "https://auth.example/token?" + coding));
        String real = idp.lastIssued();
        assertThat(issued.exit()).as(issued.err()).isZero();
        String stub = field(issued.out(), "access_token");
        assertThat(stub).isNotEqualTo(real).startsWith("gho_").hasSameSizeAs(real);
        assertThat(issued.out())
                .as("the rest of the body is intact")
                .contains("\"token_type\":\"bearer\"")
                .contains("\"scope\":\"repo\"");

        var used = curl.run(curlArgs("-H", "Authorization: Bearer " + stub, "https://auth.example/whoami?" + coding));
        assertThat(used.exit()).as(used.err()).isZero();
        assertThat(idp.seenBy("auth.example", "/whoami").getLast().header("Authorization"))
                .as("the host that issued the token gets it back")
                .isEqualTo("Bearer " + real);
        assertThat(used.out()).as("its echo, scrubbed").contains("Bearer " + stub);

        var elsewhere = curl.run(curlArgs("-H", "Authorization: Bearer " + stub, "https://other.example/whoami"));
        assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
        assertThat(idp.seenBy("other.example", "/whoami").getLast().header("Authorization"))
                .as("another host, though the policy injects every captured credential, gets the stub")
                .isEqualTo("Bearer " + stub);

        var captures = h.audit.subList(eventsBefore, h.audit.size()).stream()
                .filter(AuditEvent.Capture.class::isInstance)
                .map(AuditEvent.Capture.class::cast)
                .toList();
        assertThat(captures).singleElement().satisfies(c -> {
            assertThat(c.outcome()).isEqualTo(AuditEvent.CaptureOutcome.CAPTURED);
            assertThat(c.credentialId()).isEqualTo("oauth");
            assertThat(c.from()).isEqualTo("json:access_token");
            assertThat(c.fingerprint()).isEqualTo(Fingerprint.of(real));
            assertThat(c.request().host()).isEqualTo("auth.example");
        });
        assertThat(h.audit.subList(eventsBefore, h.audit.size()))
                .filteredOn(AuditEvent.Swap.class::isInstance)
                .map(e -> ((AuditEvent.Swap) e).request().host())
                .containsExactly("auth.example");
        assertNeverLeaked(real, issued.all() + used.all() + elsewhere.all());
    }

    @Test
    void aPythonClientGetsAStubFromANestedFieldAndItWorksAtTheIssuer() throws Exception {
        Client.assumeInstalled("python3");
        var py = h.client("REQUESTS_CA_BUNDLE");
        String script = """
                import requests
                r = requests.get("https://auth.example/nested-token", timeout=20)
                stub = r.json()["data"]["token"]
                print("STUB=" + stub)
                print("EXPIRES=%s" % r.json()["data"]["expires"])
                w = requests.get("https://auth.example/whoami", headers={"Authorization": "Bearer " + stub}, timeout=20)
                print("ECHO=" + w.headers["X-Echo"])
                """;
        var run = py.run("/usr/bin/python3", "-c", script);
        assertThat(run.exit()).as(run.err()).isZero();
        String real = idp.lastIssued();
        String stub = run.out()
                .lines()
                .filter(l -> l.startsWith("STUB="))
                .findFirst()
                .orElseThrow()
                .substring(5);
        assertThat(stub).as("a stub of the token's shape").hasSameSizeAs(real).isNotEqualTo(real);
        assertThat(stub.charAt(3)).isEqualTo('-');
        assertThat(run.out()).contains("EXPIRES=3600").contains("ECHO=authorization=Bearer " + stub);
        assertThat(idp.seenBy("auth.example", "/whoami").getLast().header("Authorization"))
                .isEqualTo("Bearer " + real);
        assertNeverLeaked(real, run.all());
    }

    @Test
    void aSessionCookieIsCapturedAndSwappedBackInTheCookieHeaderOfACurlCookieJar() throws Exception {
        Client.assumeInstalled("curl");
        var curl = h.client("CURL_CA_BUNDLE");
        Path jar = curl.home().resolve("cookies.txt");

        var login = curl.run(curlArgs("-c", jar.toString(), "https://auth.example/login"));
        assertThat(login.exit()).as(login.err()).isZero();
        String real = idp.lastIssued();
        String jarText = Files.readString(jar);
        Matcher m = Pattern.compile("\\tsid\\t(\\S+)").matcher(jarText);
        assertThat(m.find()).as(jarText).isTrue();
        String stub = m.group(1);
        assertThat(stub).isNotEqualTo(real).hasSameSizeAs(real);
        assertThat(jarText).as("other cookies untouched").contains("\ttheme\tdark");
        assertThat(login.out()).containsIgnoringCase("set-cookie: sid=" + stub + "; Path=/; Secure; HttpOnly");

        var used = curl.run(curlArgs("-b", jar.toString(), "https://auth.example/whoami"));
        assertThat(used.exit()).as(used.err()).isZero();
        assertThat(idp.seenBy("auth.example", "/whoami").getLast().header("Cookie"))
                .contains("sid=" + real)
                .contains("theme=dark");
        assertThat(used.out()).contains("sid=" + stub);

        var elsewhere = curl.run(curlArgs("-H", "Cookie: sid=" + stub, "https://other.example/whoami"));
        assertThat(elsewhere.exit()).as(elsewhere.err()).isZero();
        assertThat(idp.seenBy("other.example", "/whoami").getLast().header("Cookie"))
                .isEqualTo("sid=" + stub);
        assertNeverLeaked(real, login.all() + used.all() + elsewhere.all() + jarText);
    }

    @Test
    void aBodyOverTheCaptureCapIsRefusedWith502AndNothingOfItLeaks() throws Exception {
        Client.assumeInstalled("curl");
        var curl = h.client("CURL_CA_BUNDLE");
        for (String coding : List.of("plain", "gzip")) {
            int eventsBefore = h.audit.size();
            var run = curl.run(curlArgs("https://auth.example/big?" + coding));
            String real = idp.lastIssued();
            assertThat(response(run.out()))
                    .as(coding)
                    .containsPattern("^HTTP/(1\\.1|2) 502 ")
                    .contains("maxCaptureBodyBytes");
            assertNeverLeaked(real, run.all());
            var events = h.audit.subList(eventsBefore, h.audit.size());
            if (coding.equals("plain")) {
                assertThat(events)
                        .filteredOn(AuditEvent.Limit.class::isInstance)
                        .map(e -> ((AuditEvent.Limit) e).limit())
                        .containsExactly("max_capture_body_bytes");
            }
        }
    }

    @Test
    void aMalformedCaptureInTheDecisionIsARefusalNamingTheProblem() throws Exception {
        Client.assumeInstalled("curl");
        var curl = h.client("CURL_CA_BUNDLE");
        var badSource = curl.run(curlArgs("https://auth.example/malformed-capture"));
        assertThat(response(badSource.out()))
                .containsPattern("^HTTP/(1\\.1|2) 403 ")
                .contains("malformed decision: decision.capture[0].from `json:`");
        var badId = curl.run(curlArgs("https://auth.example/malformed-id"));
        assertThat(response(badId.out()))
                .containsPattern("^HTTP/(1\\.1|2) 403 ")
                .contains("decision.capture[0].as must be a credential id");
        assertThat(idp.seenBy("auth.example", "/malformed-capture"))
                .as("nothing went upstream")
                .isEmpty();
    }

    @Test
    void anAbsentFieldOrABodyThatIsNotJsonLeavesTheResponseAsItIsAndIsAudited() throws Exception {
        Client.assumeInstalled("curl");
        var curl = h.client("CURL_CA_BUNDLE");
        int eventsBefore = h.audit.size();
        var pending = curl.run(curlArgs("https://auth.example/no-token"));
        assertThat(response(pending.out()))
                .containsPattern("^HTTP/(1\\.1|2) 200 ")
                .endsWith("{\"error\":\"authorization_pending\"}");
        var text = curl.run(curlArgs("https://auth.example/not-json"));
        assertThat(response(text.out()))
                .containsPattern("^HTTP/(1\\.1|2) 200 ")
                .endsWith("access_token=nothing-to-see");
        assertThat(h.audit.subList(eventsBefore, h.audit.size()))
                .filteredOn(AuditEvent.Capture.class::isInstance)
                .map(e -> (AuditEvent.Capture) e)
                .extracting(AuditEvent.Capture::outcome, AuditEvent.Capture::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                AuditEvent.CaptureOutcome.ABSENT, "the body has no field json:access_token"),
                        org.assertj.core.groups.Tuple.tuple(AuditEvent.CaptureOutcome.ABSENT, "the body is not JSON"));
    }

    @Test
    void aFieldThatIsNotAStringIsRefusedRatherThanRelayed() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE").run(curlArgs("https://auth.example/number-token"));
        assertThat(response(run.out()))
                .containsPattern("^HTTP/(1\\.1|2) 502 ")
                .contains("holds a number, not a string");
        assertThat(run.out()).doesNotContain("12345678901234567890123");
    }

    private static String[] curlArgs(String... args) {
        List<String> all = new ArrayList<>(List.of("curl", "-sS", "-i", "--compressed", "--max-time", "30"));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    /** curl's output without the proxy's {@code 200 Connection Established}. */
    private static String response(String out) {
        String tunnel = "Connection Established\r\n\r\n";
        int at = out.indexOf(tunnel);
        return at < 0 ? out : out.substring(at + tunnel.length());
    }

    private static String field(String response, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(response);
        assertThat(m.find()).as(response).isTrue();
        return m.group(1);
    }

    /** No spelling the scrubber promises to catch reaches the client, the audit log or a span. */
    private static void assertNeverLeaked(String real, String seenByClients) {
        List<String> spellings = List.of(
                real,
                real.toLowerCase(java.util.Locale.ROOT),
                Base64.getEncoder().encodeToString(real.getBytes(StandardCharsets.US_ASCII)),
                java.util.HexFormat.of().formatHex(real.getBytes(StandardCharsets.US_ASCII)));
        String audit = h.audit.toString();
        String spans = h.spans.getFinishedSpanItems().toString();
        for (String s : spellings) {
            assertThat(seenByClients).as("clients").doesNotContain(s);
            assertThat(audit).as("audit").doesNotContain(s);
            assertThat(spans).as("spans").doesNotContain(s);
        }
    }
}
