package dev.lap.vault.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.Fingerprint;
import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding, redacting and swapping stubs in requests, as the proxy does per request. */
class RequestStubsTest {
    static final String GITHUB_REAL = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
    static final String ANTHROPIC_REAL =
            "sk-ant-api03-Qw3Er5Ty7Ui9Op1As3Df5Gh7Jk9Lz1Xc3Vb5Nm7Qw9Er1Ty3Ui5Op7As9Df1Gh3Jk5Lz7Xc9Vb1Nm3-Ab1Cd2AA";

    @TempDir
    Path dir;

    Credentials credentials;
    String gh;
    String ant;

    @BeforeEach
    void open() throws CredentialsException {
        Credential github = new Credential(
                "github",
                "GITHUB_TOKEN",
                new SecretSource.Env("LAP_REAL_GITHUB_TOKEN"),
                new Secret(GITHUB_REAL),
                List.of(HostPattern.parse("api.github.com"), HostPattern.parse("github.com")),
                Set.of(Placement.AUTHORIZATION, new Placement.Query("access_token"), Placement.BODY));
        Credential anthropic = new Credential(
                "anthropic",
                "ANTHROPIC_API_KEY",
                new SecretSource.Env("LAP_REAL_ANTHROPIC"),
                new Secret(ANTHROPIC_REAL),
                List.of(HostPattern.parse("api.anthropic.com")),
                Set.of(new Placement.Header("x-api-key")));
        credentials = Credentials.open(List.of(github, anthropic), dir);
        gh = credentials.stub("github").orElseThrow();
        ant = credentials.stub("anthropic").orElseThrow();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static List<Map.Entry<String, String>> headers(String... nameValues) {
        List<Map.Entry<String, String>> list = new java.util.ArrayList<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            list.add(Map.entry(nameValues[i], nameValues[i + 1]));
        }
        return list;
    }

    @Test
    void findsAGitHubStubInAllThreeEncodings() {
        FoundStub expected = new FoundStub("github", "GITHUB_TOKEN", Placement.AUTHORIZATION);
        assertThat(credentials.find(headers("Authorization", "Bearer " + gh), null))
                .containsExactly(expected);
        assertThat(credentials.find(headers("authorization", "token " + gh), null))
                .containsExactly(expected);
        assertThat(credentials.find(headers("Authorization", basic("x-access-token", gh)), null))
                .containsExactly(expected);
        assertThat(credentials.find(headers("Authorization", basic(gh, "x-oauth-basic")), null))
                .containsExactly(expected);
    }

    @Test
    void findsStubsInAnyHeaderAndInQueryValuesEvenWhereNotAllowed() {
        List<FoundStub> found = credentials.find(
                headers("X-Api-Key", ant, "Cookie", "session=1; gh=" + gh, "Accept", "*/*"),
                "page=2&access_token=" + gh + "&key=" + ant.replace("-", "%2D"));
        assertThat(found)
                .containsExactly(
                        new FoundStub("anthropic", "ANTHROPIC_API_KEY", new Placement.Header("x-api-key")),
                        new FoundStub("github", "GITHUB_TOKEN", new Placement.Header("cookie")),
                        new FoundStub("github", "GITHUB_TOKEN", new Placement.Query("access_token")),
                        new FoundStub("anthropic", "ANTHROPIC_API_KEY", new Placement.Query("key")));
        assertThat(found.get(0).placement().wireName()).isEqualTo("header:x-api-key");
    }

    @Test
    void theRedactedViewShowsStubsAndSmuggledSecretsByIdOnly() {
        List<Map.Entry<String, String>> redacted = credentials.redactHeaders(headers(
                "Authorization",
                basic("x-access-token", gh),
                "X-Api-Key",
                ANTHROPIC_REAL,
                "X-Both",
                gh + " " + GITHUB_REAL,
                "Accept",
                "application/json"));
        assertThat(redacted)
                .containsExactly(
                        Map.entry("Authorization", "Basic x-access-token:<stub:github>"),
                        Map.entry("X-Api-Key", "<secret:anthropic>"),
                        Map.entry("X-Both", "<stub:github> <secret:github>"),
                        Map.entry("Accept", "application/json"));

        String basicReal = basic("x-access-token", GITHUB_REAL);
        String all = credentials.redactHeaders(headers("Authorization", basicReal)) + " "
                + credentials.redactQuery("a=" + GITHUB_REAL + "&b=" + GITHUB_REAL.replace("_", "%5F"))
                + credentials.redact("/repos/" + GITHUB_REAL);
        assertThat(all)
                .doesNotContain(GITHUB_REAL)
                .doesNotContain(basicReal.substring(6))
                .contains("<secret:github>");
        assertThat(credentials.redactQuery("a=" + GITHUB_REAL.replace("_", "%5F")))
                .isEqualTo("a=<secret:github>");
    }

    @Test
    void swapsAnAllowedStubTowardABoundHostInAnAllowedPlacement() {
        SwapResult result = credentials.swap(
                headers("Host", "api.github.com", "Authorization", "token " + gh, "Accept", "*/*"),
                null,
                "api.github.com",
                Set.of("github"));
        assertThat(result.headers())
                .containsExactly(
                        Map.entry("Host", "api.github.com"),
                        Map.entry("Authorization", "token " + GITHUB_REAL),
                        Map.entry("Accept", "*/*"));
        assertThat(result.swaps())
                .containsExactly(new Swap("github", Placement.AUTHORIZATION, Fingerprint.of(GITHUB_REAL)));
        assertThat(result.toString()).doesNotContain(GITHUB_REAL);
    }

    @Test
    void everyOtherClientValueOfAHeaderTheVaultInjectsIntoIsRemoved() {
        SwapResult result = credentials.swap(
                headers("X-Api-Key", "attacker-own-key", "x-api-key", ant, "Accept", "*/*", "X-API-KEY", "second"),
                null,
                "api.anthropic.com",
                Set.of("anthropic"));
        assertThat(result.headers())
                .containsExactly(Map.entry("x-api-key", ANTHROPIC_REAL), Map.entry("Accept", "*/*"));
    }

    @Test
    void aHeaderNothingWasInjectedIntoKeepsAllItsValues() {
        SwapResult result = credentials.swap(
                headers("X-Api-Key", "one", "x-api-key", ant, "Accept", "*/*"),
                null,
                "api.github.com",
                Set.of("anthropic"));
        assertThat(result.headers()).hasSize(3);
    }

    @Test
    void basicCredentialsAreDecodedSwappedAndReEncoded() {
        SwapResult result = credentials.swap(
                headers("Authorization", basic("x-access-token", gh)), null, "github.com", Set.of("github"));
        assertThat(result.headers()).containsExactly(Map.entry("Authorization", basic("x-access-token", GITHUB_REAL)));
        assertThat(result.swaps()).hasSize(1);
    }

    @Test
    void refusesToSwapOutsideTheBindingEvenIfThePolicyAllows() {
        SwapResult result = credentials.swap(
                headers("Authorization", "Bearer " + gh), null, "evil.example", Set.of("github", "anthropic"));
        assertThat(result.headers()).containsExactly(Map.entry("Authorization", "Bearer " + gh));
        assertThat(result.swaps()).isEmpty();
        // A subdomain is not the bound name either.
        assertThat(credentials
                        .swap(headers("Authorization", "Bearer " + gh), null, "x.api.github.com", Set.of("github"))
                        .swaps())
                .isEmpty();
    }

    @Test
    void refusesToSwapOutsideThePlacementsOrTheAllowedIds() {
        // x-api-key is not a placement of github.
        assertThat(credentials
                        .swap(headers("X-Api-Key", gh), null, "api.github.com", Set.of("github"))
                        .headers())
                .containsExactly(Map.entry("X-Api-Key", gh));
        // The decision did not name anthropic.
        assertThat(credentials
                        .swap(headers("X-Api-Key", ant), null, "api.anthropic.com", Set.of("github"))
                        .swaps())
                .isEmpty();
        // query:access_token is allowed, query:token is not.
        SwapResult q =
                credentials.swap(List.of(), "token=" + gh + "&access_token=" + gh, "api.github.com", Set.of("github"));
        assertThat(q.rawQuery()).isEqualTo("token=" + gh + "&access_token=" + GITHUB_REAL);
        assertThat(q.swaps())
                .containsExactly(new Swap("github", new Placement.Query("access_token"), Fingerprint.of(GITHUB_REAL)));
    }

    @Test
    void nettyHeadersAreRewrittenInPlaceKeepingTheirOrder() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Host", "api.anthropic.com")
                .add("X-Api-Key", ant)
                .add("Content-Type", "application/json")
                .add("anthropic-version", "2023-06-01");
        SwapResult result = credentials.swap(headers, null, "api.anthropic.com", Set.of("anthropic"));
        assertThat(result.swaps()).extracting(Swap::credentialId).containsExactly("anthropic");
        assertThat(headers.entries().stream().map(e -> e.getKey() + ": " + e.getValue()))
                .containsExactly(
                        "Host: api.anthropic.com",
                        "X-Api-Key: " + ANTHROPIC_REAL,
                        "Content-Type: application/json",
                        "anthropic-version: 2023-06-01");
    }

    @Test
    void bodySwapperCoversOnlyCredentialsAllowedInTheBodyTowardThisHost() {
        Scrubber toGithub = credentials.bodySwapper("api.github.com", Set.of("github", "anthropic"));
        StreamReplacer r = toGithub.newStream();
        String body = "{\"token\":\"" + gh + "\",\"key\":\"" + ant + "\"}";
        String out = new String(r.process(body.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII)
                + new String(r.finish(), StandardCharsets.US_ASCII);
        assertThat(out).isEqualTo("{\"token\":\"" + GITHUB_REAL + "\",\"key\":\"" + ant + "\"}");
        assertThat(r.replacements()).containsExactly(Map.entry("github", 1L));
        assertThat(credentials.bodySwapper("evil.example", Set.of("github")).isEmpty())
                .isTrue();
    }

    @Test
    void responsesHaveRealValuesReplacedByStubs() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-Echo", "Bearer " + GITHUB_REAL);
        assertThat(credentials.scrubResponseHeaders(headers)).containsExactly(Map.entry("github", 1L));
        assertThat(headers.get("X-Echo")).isEqualTo("Bearer " + gh);
        assertThat(credentials.responseScrubber().scrub("key=" + ANTHROPIC_REAL))
                .isEqualTo("key=" + ant);
    }

    @Test
    void aPercentEncodedRealValueGoesIntoTheQueryEncoded() throws CredentialsException {
        String slashy = "ghp_Ab+Cd/Ef=Gh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx9Y";
        Credential c = new Credential(
                "weird",
                "WEIRD",
                new SecretSource.Env("X"),
                new Secret(slashy),
                List.of(HostPattern.parse("api.example.com")),
                Set.of(new Placement.Query("t")));
        Credentials creds = Credentials.open(List.of(c), dir.resolve("weird"));
        String stub = creds.stub("weird").orElseThrow();
        assertThat(stub).matches("ghp_..\\+../..=.*");
        SwapResult r = creds.swap(
                List.of(),
                "t=" + stub.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D"),
                "api.example.com",
                Set.of("weird"));
        assertThat(r.rawQuery()).isEqualTo("t=ghp_Ab%2BCd%2FEf%3DGh1Ij2Kl3Mn4Op5Qr6St7Uv8Wx9Y");
    }
}
