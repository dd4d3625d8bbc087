package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** OPA's {@code and}/{@code or} operators ({@code import future.keywords.and} / {@code .or}). */
class LogicalOperatorsTest {
    private static final String IMPORTS = """
            package t
            import future.keywords.and
            import future.keywords.or
            import future.keywords.not
            """;

    private static CompiledPolicy compile(PolicyEngine engine, String rules) throws RegoException {
        return engine.compile(List.of(new PolicySource("p.rego", IMPORTS + rules)), ObjectValue.EMPTY);
    }

    private static String eval(String rules, Object input) throws RegoException {
        return eval(PolicyEngine.create(), rules, input);
    }

    private static String eval(PolicyEngine engine, String rules, Object input) throws RegoException {
        return switch (compile(engine, rules).evaluate("data.t.p", input)) {
            case Result.Defined d -> Json.write(d.value());
            case Result.Undefined u -> "undefined";
            case Result.Failed f -> "error " + f.error().code();
        };
    }

    @Test
    void orHoldsWhenEitherOperandHoldsAndAndWhenBothDo() throws RegoException {
        // The operators join statements, not values: rules make the outcome a value.
        String observed = """
                default either := false
                either if input.a or input.b
                default both := false
                both if input.a and input.b
                p := {"either": either, "both": both}
                """;
        assertThat(eval(observed, Map.of("a", true, "b", false))).isEqualTo("{\"both\":false,\"either\":true}");
        assertThat(eval(observed, Map.of("a", true, "b", true))).isEqualTo("{\"both\":true,\"either\":true}");
        assertThat(eval(observed, Map.of("a", false, "b", false))).isEqualTo("{\"both\":false,\"either\":false}");
    }

    @Test
    void aStatementWithOperatorsContinuesAtMostOnce() throws RegoException {
        // Both operands hold, and each could enumerate: still one element per outer binding.
        assertThat(eval("p := [1 | true or true]", Map.of())).isEqualTo("[1]");
        assertThat(eval("p := [1 | { some n in [1, 2, 3] } or { some m in [4, 5] }]", Map.of()))
                .isEqualTo("[1]");
        assertThat(eval("p := [i | some i in input.xs; i > 0 or i != 0]", Map.of("xs", List.of(1, 2, 3))))
                .isEqualTo("[1,2,3]");
    }

    @Test
    void theRightOperandRunsOnlyWhenTheLeftLeavesTheAnswerOpen() throws RegoException {
        PolicyEngine strict = PolicyEngine.builder().strictBuiltinErrors(true).build();
        String guarded = "p if is_array(input.x) and count(input.x) > 0";
        assertThat(eval(strict, guarded, Map.of("x", "not an array"))).isEqualTo("undefined");
        String fallback = "p if input.x > 0 or to_number(\"foo\") == 1";
        assertThat(eval(strict, fallback, Map.of("x", 1))).isEqualTo("true");
        assertThat(eval(strict, fallback, Map.of("x", 0))).isEqualTo("error eval_builtin_error");
    }

    @Test
    void bindingsMadeInsideAnOperandStayThere() throws RegoException {
        assertThat(eval("""
                        p if {
                          a := -100
                          { a := 1; a > 0 } and { a := 2; a > 1 }
                          { b = 1; b > 0 } and { b = -1; b < 0 }
                          a == -100
                        }
                        """, Map.of())).isEqualTo("true");
    }

    @Test
    void precedenceAndGroupingDecideWhatHolds() throws RegoException {
        Map<String, Object> input = Map.of("a", true, "b", false, "c", false);
        // a or (b and c)
        assertThat(eval("p if input.a or input.b and input.c", input)).isEqualTo("true");
        // (a or b) and c
        assertThat(eval("p if (input.a or input.b) and input.c", input)).isEqualTo("undefined");
        // (not b) or c
        assertThat(eval("p if not input.b or input.c", input)).isEqualTo("true");
        assertThat(eval("p if not (input.a or input.c)", input)).isEqualTo("undefined");
    }

    @Test
    void aTrailingWithModifiesEveryOperandAndAGroupedOneOnlyItsOwn() throws RegoException {
        assertThat(eval("p if input.x > 0 or input.y > 0 with input as {\"x\": 0, \"y\": 1}", Map.of()))
                .isEqualTo("true");
        assertThat(eval("p if (input.x < 2 with input.x as 1) and input.x == 5", Map.of("x", 5)))
                .isEqualTo("true");
    }

    @Test
    void defaultAndElseApplyWhenTheOperatorsFail() throws RegoException {
        String rules = """
                default p := "fallback"
                p := "ok" if input.x > 0 and input.y > 0
                """;
        assertThat(eval(rules, Map.of("x", 1, "y", 0))).isEqualTo("\"fallback\"");
        assertThat(eval(rules, Map.of("x", 1, "y", 1))).isEqualTo("\"ok\"");
    }

    @Test
    void aBareOperandCannotDeclareOrBindVariables() {
        assertThatThrownBy(() -> eval("p if { x := 1 and true }", Map.of()))
                .isInstanceOfSatisfying(RegoException.class, e -> {
                    assertThat(e.first().code()).isEqualTo(RegoError.COMPILE);
                    assertThat(e.first().message()).isEqualTo("cannot assign vars inside implicit and operand");
                });
        // As under `not`, every variable of a bare operand must be bound around it.
        assertThatThrownBy(() -> eval("p if { x = 1 or true }", Map.of()))
                .isInstanceOfSatisfying(RegoException.class, e -> {
                    assertThat(e.first().code()).isEqualTo(RegoError.UNSAFE_VAR);
                    assertThat(e.first().message()).isEqualTo("var x is unsafe");
                });
        // A braced operand's own variables are local to it; outer ones must still be bound.
        assertThatThrownBy(() -> eval("p := [x, y] if { { x := 1 } and { y := 2 } }", Map.of()))
                .isInstanceOfSatisfying(
                        RegoException.class, e -> assertThat(e.first().code()).isEqualTo(RegoError.UNSAFE_VAR));
    }

    @Test
    void operandsReadVariablesBoundLaterInTheWrittenOrder() throws RegoException {
        // The statement is ordered after the one that binds n, as OPA reorders bodies.
        assertThat(eval("p := [n | n > 5 or n < 2; n = input.xs[_]]", Map.of("xs", List.of(1, 3, 7))))
                .isEqualTo("[1,7]");
    }
}
