package dev.lap.sandbox.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RuleInfo;
import dev.lap.policy.bundle.Bundle;
import dev.lap.policy.value.BooleanValue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The admission questions against the shipped policies in ../policies. */
class AdmissionPolicyTest {
    static CompiledPolicy shipped;

    @BeforeAll
    static void compile() throws Exception {
        Bundle b = Bundle.read(Path.of("..", "policies"));
        shipped = PolicyEngine.create().compile(b.modules(), b.data());
    }

    static AdmissionRequest request(String agent, Duration ttl) {
        return new AdmissionRequest("s-1", "alice", agent, "work", "", "local", ttl, 0, 0);
    }

    @Test
    void theShippedPolicyTestsPass() {
        List<RuleInfo> tests = shipped.rules().stream()
                .filter(r -> List.of("sandbox_test", "credentials_test")
                        .contains(r.packagePath().get(r.packagePath().size() - 1)))
                .filter(r -> r.kind() != RuleInfo.Kind.FUNCTION
                        && r.head().get(0) instanceof RuleInfo.HeadTerm.Fixed f
                        && f.key().startsWith("test_"))
                .toList();
        assertThat(tests).hasSizeGreaterThan(10);
        for (RuleInfo t : tests) {
            var result = shipped.evaluateRule(t, null, null).result();
            assertThat(result).as("%s", t.location()).isEqualTo(new dev.lap.policy.Result.Defined(BooleanValue.TRUE));
        }
    }

    @Test
    void aShellIsAdmittedWithThePolicysTtlLimitsAndGrants() {
        var a = new AdmissionPolicy(() -> shipped, Duration.ofSeconds(60)).decide(request("shell", Duration.ZERO));
        assertThat(a).isInstanceOfSatisfying(Admission.Admitted.class, ok -> {
            assertThat(ok.ttl()).isEqualTo(Duration.ofHours(8));
            assertThat(ok.idleTtl()).isEqualTo(Duration.ofHours(24));
            assertThat(ok.credentials()).containsExactly("github");
            assertThat(ok.limits().maxProcesses()).isEqualTo(1024);
            assertThat(ok.limits().startTimeout()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void aRefusalCarriesThePolicysReasonAndRule() {
        var a = new AdmissionPolicy(() -> shipped, Duration.ofSeconds(60))
                .decide(request("shell", Duration.ofHours(48)));
        assertThat(a)
                .isEqualTo(new Admission.Refused(
                        "a TTL of 48h exceeds the maximum of 24h; ask for 24h or less", "ttl", shipped.revision()));
    }

    @Test
    void noPolicyIsARefusal() {
        var a = new AdmissionPolicy(() -> null, Duration.ofSeconds(60)).decide(request("shell", Duration.ZERO));
        assertThat(a)
                .isInstanceOfSatisfying(
                        Admission.Refused.class, r -> assertThat(r.rule()).isEqualTo("no_policy"));
    }

    @Test
    void anAnswerOfTheWrongShapeIsARefusalNotAnAdmission() throws Exception {
        CompiledPolicy lax = PolicyEngine.create()
                .compile(
                        List.of(new dev.lap.policy.PolicySource(
                                "lax.rego",
                                "package lap.sandbox\nadmit := {\"allow\": true, \"ttl\": \"8h\", \"idle_ttl\": 1,"
                                        + " \"limits\": {}}\n")),
                        dev.lap.policy.value.ObjectValue.EMPTY);
        var a = new AdmissionPolicy(() -> lax, Duration.ofSeconds(60)).decide(request("shell", Duration.ZERO));
        assertThat(a).isInstanceOfSatisfying(Admission.Refused.class, r -> {
            assertThat(r.rule()).isEqualTo("malformed_decision");
            assertThat(r.reason()).contains("ttl");
        });
    }

    @Test
    void undefinedGrantsRefuse() throws Exception {
        CompiledPolicy noGrants = PolicyEngine.create()
                .compile(
                        List.of(new dev.lap.policy.PolicySource(
                                "admit.rego",
                                "package lap.sandbox\nadmit := {\"allow\": true, \"ttl\": 60, \"idle_ttl\": 60,"
                                        + " \"limits\": {\"memory_bytes\": 0, \"max_processes\": 0}}\n")),
                        dev.lap.policy.value.ObjectValue.EMPTY);
        var a = new AdmissionPolicy(() -> noGrants, Duration.ofSeconds(60)).decide(request("shell", Duration.ZERO));
        assertThat(a)
                .isInstanceOfSatisfying(
                        Admission.Refused.class,
                        r -> assertThat(r.reason()).contains("data.lap.credentials.grants is undefined"));
    }
}
