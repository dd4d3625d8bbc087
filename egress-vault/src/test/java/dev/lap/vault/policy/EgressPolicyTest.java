package dev.lap.vault.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.Values;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {
    static final EgressInput INPUT = new EgressInput(
            EgressInput.Session.NONE,
            new EgressInput.Request(
                    "https",
                    "api.github.com",
                    443,
                    "GET",
                    "/user",
                    "",
                    Map.of("authorization", "Bearer <stub:github>"),
                    "api.github.com",
                    "HTTP/1.1",
                    "",
                    false,
                    ""),
            List.of(new EgressInput.FoundCredential("github", "GITHUB_TOKEN", "authorization")));

    private static EgressPolicy policy(String rego) throws RegoException {
        CompiledPolicy p = PolicyEngine.builder()
                .timeout(Duration.ofMillis(200))
                .build()
                .compile(List.of(new PolicySource("egress.rego", rego)), Values.of(Map.of()));
        return new EgressPolicy(() -> p);
    }

    @Test
    void anAllowCarriesInjectHeadersRuleAndRevision() throws Exception {
        var d = policy("""
                package lap.egress
                decision := {"allow": true, "reason": "ok", "rule": "github", "inject": [c.id | some c in input.credentials],
                  "headers": {"set": {"x-a": "1"}, "remove": ["x-b"]}}
                """).decide(INPUT);
        assertThat(d).isInstanceOfSatisfying(Decision.Allow.class, a -> {
            assertThat(a.inject()).containsExactly("github");
            assertThat(a.setHeaders()).containsEntry("x-a", "1");
            assertThat(a.removeHeaders()).containsExactly("x-b");
            assertThat(a.rule()).isEqualTo("github");
            assertThat(a.revision()).hasSize(64);
        });
    }

    @Test
    void anAllowCarriesItsCaptureRulesAndTheInputSaysWhichStubsWereCaptured() throws Exception {
        var input = new EgressInput(
                INPUT.session(),
                INPUT.request(),
                List.of(new EgressInput.FoundCredential("oauth", "", "authorization", true)));
        var d = policy("""
                package lap.egress
                decision := {"allow": true, "rule": "idp",
                  "inject": [c.id | some c in input.credentials; c.captured; c.env == ""],
                  "capture": [{"from": "json:data.access_token", "as": "oauth"}, {"from": "header:set-cookie:sid", "as": "sid"}]}
                """).decide(input);
        assertThat(d).isInstanceOfSatisfying(Decision.Allow.class, a -> {
            assertThat(a.inject()).containsExactly("oauth");
            assertThat(a.capture())
                    .extracting(r -> r.from().wireName(), r -> r.as())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("json:data.access_token", "oauth"),
                            org.assertj.core.groups.Tuple.tuple("header:set-cookie:sid", "sid"));
        });
    }

    @Test
    void aMalformedCaptureMakesTheDecisionARefusalNamingTheEntry() throws Exception {
        var d = policy("""
                package lap.egress
                decision := {"allow": true, "rule": "idp", "capture": [{"from": "json:access_token", "as": "oauth"}, {"from": "xml:token", "as": "x"}]}
                """).decide(INPUT);
        assertThat(d).isInstanceOfSatisfying(Decision.Refuse.class, r -> {
            assertThat(r.rule()).isEqualTo("malformed_decision");
            assertThat(r.reason())
                    .isEqualTo("malformed decision: decision.capture[1].from `xml:token`: the sources are"
                            + " json:FIELD[.FIELD…] and header:set-cookie:NAME");
        });
    }

    @Test
    void aDenyKeepsThePolicysReasonAndRule() throws Exception {
        var d = policy("""
                package lap.egress
                decision := {"allow": false, "reason": "not today", "rule": "mood"}
                """).decide(INPUT);
        assertThat(d).isEqualTo(new Decision.Refuse("not today", "mood", d.revision()));
    }

    @Test
    void anUndefinedDecisionIsARefusal() throws Exception {
        var d = policy("package lap.egress\nother := 1\n").decide(INPUT);
        assertThat(d).isInstanceOf(Decision.Refuse.class);
        assertThat(d.rule()).isEqualTo("undefined");
    }

    @Test
    void anEvaluationErrorIsARefusalThatNamesTheError() throws Exception {
        var d = policy("""
                package lap.egress
                decision := {"allow": true, "rule": "a"} if input.request.method == "GET"
                decision := {"allow": false, "rule": "b"} if input.request.host == "api.github.com"
                """).decide(INPUT);
        assertThat(d).isInstanceOf(Decision.Refuse.class);
        assertThat(d.rule()).isEqualTo("policy_error");
        assertThat(d.reason()).contains("eval_conflict_error");
    }

    @Test
    void aRunawayPolicyIsCutOffAndRefused() throws Exception {
        var d = policy("""
                package lap.egress
                decision := {"allow": true, "n": count([x | some x in numbers.range(1, 9000000); x % 7 == 0])}
                """).decide(INPUT);
        assertThat(d).isInstanceOf(Decision.Refuse.class);
        assertThat(d.rule()).isEqualTo("policy_error");
    }

    @Test
    void noPolicyLoadedIsARefusal() throws Exception {
        assertThat(new EgressPolicy(() -> null).decide(INPUT).rule()).isEqualTo("no_policy");
    }

    @Test
    void malformedDecisionsAreRefusalsNamingTheField() throws Exception {
        assertThat(EgressPolicy.read("yes", "r").reason()).contains("not an object");
        assertThat(EgressPolicy.read(Map.of("allow", "true"), "r").reason()).contains("decision.allow");
        assertThat(EgressPolicy.read(Map.of("allow", true, "inject", "github"), "r")
                        .reason())
                .contains("decision.inject");
        assertThat(EgressPolicy.read(Map.of("allow", true, "headers", Map.of("set", Map.of("a", 1))), "r")
                        .reason())
                .contains("decision.headers.set");
        assertThat(EgressPolicy.read(Map.of("allow", true, "headers", Map.of("remove", "x")), "r")
                        .reason())
                .contains("decision.headers.remove");
        assertThat(EgressPolicy.read(Map.of("allow", true, "allow_encoded_slashes", "yes"), "r")
                        .reason())
                .contains("decision.allow_encoded_slashes must be a boolean");
    }

    @Test
    void encodedSlashesGoOutOnlyWhenTheDecisionSaysTrue() {
        assertThat(EgressPolicy.read(Map.of("allow", true), "r"))
                .isInstanceOfSatisfying(
                        Decision.Allow.class,
                        a -> assertThat(a.allowEncodedSlashes()).isFalse());
        assertThat(EgressPolicy.read(Map.of("allow", true, "allow_encoded_slashes", true), "r"))
                .isInstanceOfSatisfying(
                        Decision.Allow.class,
                        a -> assertThat(a.allowEncodedSlashes()).isTrue());
    }

    @Test
    void theInputDocumentFollowsThePolicyContract() throws Exception {
        Map<String, Object> doc = INPUT.toDocument();
        assertThat(doc).containsOnlyKeys("session", "request", "credentials");
        @SuppressWarnings("unchecked")
        Map<String, Object> request = (Map<String, Object>) doc.get("request");
        assertThat(request)
                .containsOnlyKeys(
                        "scheme",
                        "host",
                        "port",
                        "method",
                        "path",
                        "query",
                        "headers",
                        "sni",
                        "http_version",
                        "method_override",
                        "has_body",
                        "upgrade");
    }

    @Test
    void aDecisionMayNotEditTheHeadersThatFrameTheRequest() {
        for (String name : List.of("Content-Length", "transfer-encoding", "Host")) {
            assertThat(EgressPolicy.read(Map.of("allow", true, "headers", Map.of("set", Map.of(name, "1"))), "r")
                            .rule())
                    .isEqualTo("malformed_decision");
            assertThat(EgressPolicy.read(Map.of("allow", true, "headers", Map.of("remove", List.of(name))), "r")
                            .rule())
                    .isEqualTo("malformed_decision");
        }
        assertThat(EgressPolicy.read(Map.of("allow", true, "headers", Map.of("set", Map.of("x-a", "1\r\nX: y"))), "r")
                        .reason())
                .contains("line break");
    }
}
