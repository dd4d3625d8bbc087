package dev.lap.policy.internal.compile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleIndexTest {
    private static CompiledPolicy allowList(int hosts, String extra) throws RegoException {
        StringBuilder rego = new StringBuilder("package t\n\n");
        for (int i = 0; i < hosts; i++) {
            rego.append("allow if input.request.host == \"host-").append(i).append(".example.com\"\n");
        }
        rego.append(extra);
        return PolicyEngine.create().compile(List.of(new PolicySource("t.rego", rego.toString())), ObjectValue.EMPTY);
    }

    private static Result allow(CompiledPolicy p, String host) {
        return p.evaluate("data.t.allow", Map.of("request", Map.of("host", host)));
    }

    @Test
    void anIndexedAllowListFindsTheOneRuleThatMatches() throws RegoException {
        CompiledPolicy p = allowList(1000, "");
        assertThat(allow(p, "host-999.example.com")).isEqualTo(new Result.Defined(BooleanValue.TRUE));
        assertThat(allow(p, "host-0.example.com")).isEqualTo(new Result.Defined(BooleanValue.TRUE));
        assertThat(allow(p, "evil.example.com")).isInstanceOf(Result.Undefined.class);
        assertThat(p.evaluate("data.t.allow", Map.of())).isInstanceOf(Result.Undefined.class);
    }

    @Test
    void rulesThatDoNotTestTheIndexedPathAreStillEvaluated() throws RegoException {
        CompiledPolicy p = allowList(20, "allow if input.request.admin == true\n");
        assertThat(p.evaluate("data.t.allow", Map.of("request", Map.of("host", "nope", "admin", true))))
                .isEqualTo(new Result.Defined(BooleanValue.TRUE));
    }

    @Test
    void rulesWithAnElseChainAreNeverSkipped() throws RegoException {
        // The else link holds for any host, so the index must not skip the rule.
        CompiledPolicy p = allowList(20, "allow if input.request.host == \"x\" else := false\n");
        assertThat(allow(p, "nope")).isEqualTo(new Result.Defined(BooleanValue.FALSE));
    }

    @Test
    void anIndexFollowsInputReplacedByWith() throws RegoException {
        CompiledPolicy p = allowList(20, """
                mocked if allow with input.request.host as "host-3.example.com"
                """);
        assertThat(p.evaluate("data.t.mocked", Map.of("request", Map.of("host", "nope"))))
                .isEqualTo(new Result.Defined(BooleanValue.TRUE));
    }
}
