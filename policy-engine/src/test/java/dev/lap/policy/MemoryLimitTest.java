package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.policy.value.ObjectValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Policies that build values without bound stop with {@code eval_memory_limit_error} at the
 * statement that built too much, and the JVM (this test's, with its default heap) goes on.
 */
class MemoryLimitTest {
    private static CompiledPolicy compile(PolicyEngine engine, String rego) throws RegoException {
        return engine.compile(List.of(new PolicySource("p.rego", rego)), ObjectValue.EMPTY);
    }

    private static RegoError failure(Result r) {
        assertThat(r).isInstanceOf(Result.Failed.class);
        return ((Result.Failed) r).error();
    }

    @Test
    void aStringDoubledOverAndOverIsCutOffAtTheCallThatCrossesTheLimit() throws RegoException {
        // s40 would be 2^40 characters; the default 64 MiB budget runs out around s26.
        StringBuilder rego = new StringBuilder("package t\n\nbig := s40 if {\n\ts0 := \"x\"\n");
        for (int i = 1; i <= 40; i++) {
            rego.append("\ts")
                    .append(i)
                    .append(" := concat(\"\", [s")
                    .append(i - 1)
                    .append(", s")
                    .append(i - 1)
                    .append("])\n");
        }
        rego.append("}\n");
        CompiledPolicy p = compile(PolicyEngine.create(), rego.toString());

        RegoError e = failure(p.evaluate("data.t.big", Map.of()));

        assertThat(e.code()).isEqualTo(RegoError.EVAL_MEMORY_LIMIT);
        assertThat(e.location()).isNotNull();
        assertThat(e.location().file()).isEqualTo("p.rego");
        assertThat(e.location().row()).isBetween(20, 35);
    }

    @Test
    void aComprehensionOverACrossProductIsCutOffByTheBudget() throws RegoException {
        // A hundred million pairs, which would take gigabytes. No time limit, so that only the
        // budget (about four million elements) can stop it, however busy the machine is.
        CompiledPolicy p = compile(PolicyEngine.builder().timeout(Duration.ZERO).build(), """
                package t

                pairs := [[x, y] |
                	some x in r
                	some y in r
                ] if r := numbers.range(1, 10000)
                """);

        RegoError e = failure(p.evaluate("data.t.pairs", Map.of()));

        assertThat(e.code()).isEqualTo(RegoError.EVAL_MEMORY_LIMIT);
        assertThat(e.render()).startsWith("p.rego:3:10: eval_memory_limit_error:");
    }

    @Test
    void theBudgetIsConfigurableAndCountsSetRulesAndBuiltinResults() throws RegoException {
        String rego = """
                package t

                xs contains x if some x in numbers.range(1, 100)
                n := count(xs)
                """;
        PolicyEngine small = PolicyEngine.builder().maxValueBytes(1_000).build();

        assertThat(failure(compile(small, rego).evaluate("data.t.n", Map.of())).code())
                .isEqualTo(RegoError.EVAL_MEMORY_LIMIT);
        assertThat(compile(PolicyEngine.create(), rego).evaluate("data.t.n", Map.of()))
                .isEqualTo(new Result.Defined(dev.lap.policy.value.NumberValue.of(100)));
    }

    @Test
    void aBudgetMustBePositive() {
        assertThatThrownBy(() -> PolicyEngine.builder().maxValueBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
