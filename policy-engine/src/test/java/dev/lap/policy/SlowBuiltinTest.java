package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.ObjectValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A builtin that loops as long as its input says is stopped by the evaluation's own limits, as an
 * error of the evaluation (never turned into undefined like a builtin error), and quickly.
 */
class SlowBuiltinTest {
    private static final String RANGE_A_BILLION = """
            package t

            out := strings.render_template("{{range 1000000000}}x{{end}}", {})
            """;

    private static Result evaluate(PolicyEngine engine) throws RegoException {
        return engine.compile(List.of(new PolicySource("p.rego", RANGE_A_BILLION)), ObjectValue.EMPTY)
                .evaluate("data.t.out", Map.of());
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a guard against hanging, not a speed check
    void aTemplateRangingOverABillionStopsAtTheTimeLimit() throws RegoException {
        Result r = evaluate(PolicyEngine.builder()
                .timeout(Duration.ofMillis(300))
                .maxValueBytes(Long.MAX_VALUE)
                .build());
        assertThat(r).isInstanceOfSatisfying(Result.Failed.class, f -> {
            assertThat(f.error().code()).isEqualTo(RegoError.EVAL_CANCEL);
            assertThat(f.error().location()).isNotNull();
        });
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTemplateWhoseOutputOutgrowsTheBudgetStopsWithTheMemoryLimit() throws RegoException {
        Result r = evaluate(PolicyEngine.builder()
                .timeout(Duration.ZERO)
                .maxValueBytes(1 << 20)
                .build());
        assertThat(r)
                .isInstanceOfSatisfying(
                        Result.Failed.class, f -> assertThat(f.error().code()).isEqualTo(RegoError.EVAL_MEMORY_LIMIT));
    }
}
