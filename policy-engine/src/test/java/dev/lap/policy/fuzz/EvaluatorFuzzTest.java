package dev.lap.policy.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import dev.lap.policy.value.ObjectValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random policies and inputs, from a seeded generator of plausible Rego (rules, comprehensions,
 * every, not, with, builtins with operands of every kind, recursion-prone references), for a
 * bounded time. Whatever comes in, compiling throws nothing but a {@link RegoException} and
 * evaluating returns a {@link Result}: no other exception, no hang past the limits.
 */
class EvaluatorFuzzTest {
    private static final long BUDGET_MILLIS = Long.getLong("lap.fuzz.millis", 4_000);
    private static final String[] VARS = {"x", "y", "z", "_"};
    private static final String[] BUILTINS = {
        "count(%s)", "sum(%s)", "concat(\",\", %s)", "sprintf(\"%%v\", [%s])", "glob.match(\"*.a\", [\".\"], %s)",
        "regex.match(\"^a+$\", %s)", "object.get(%s, \"k\", 0)", "to_number(%s)", "upper(%s)", "sort(%s)",
        "array.slice(%s, 0, 2)", "json.unmarshal(%s)", "units.parse(%s)", "numbers.range(0, %s)", "%s + 1",
        "%s / 0", "%s[_]", "walk(%s)", "base64.decode(%s)", "split(%s, \".\")"
    };

    private final Random r = new Random(Long.getLong("lap.fuzz.seed", 20261123L));

    @Test
    void anyPolicyAndInputGiveAResultOrARegoErrorAndNothingElse() {
        long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
        PolicyEngine engine = PolicyEngine.builder()
                .timeout(Duration.ofMillis(200))
                .maxSteps(200_000)
                .strictBuiltinErrors(r.nextBoolean())
                .build();
        int programs = 0;
        int compiled = 0;
        int evaluations = 0;
        while (System.currentTimeMillis() < deadline) {
            String module = module();
            programs++;
            CompiledPolicy p;
            try {
                p = engine.compile(List.of(new PolicySource("fuzz.rego", module)), ObjectValue.EMPTY);
            } catch (RegoException expected) {
                continue; // a compile error is a fine outcome; any other exception fails the test
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("compiling threw " + e + " for:\n" + module, e);
            }
            compiled++;
            for (String rule : List.of("p", "q", "s", "f")) {
                Object input = value(3);
                Result result;
                try {
                    result = p.evaluate("data.fuzz." + rule, input);
                } catch (RuntimeException | StackOverflowError e) {
                    throw new AssertionError(
                            "evaluating data.fuzz." + rule + " threw " + e + " for input " + input + " and:\n" + module,
                            e);
                }
                assertThat(result).isNotNull();
                evaluations++;
            }
        }
        System.out.printf(
                "fuzzed %d policies (%d compiled), %d evaluations in %d ms%n",
                programs, compiled, evaluations, BUDGET_MILLIS);
        // A generator whose programs all fail to compile would test nothing past the compiler. About
        // one in ten compiles; the bar sits well below that so that it never flakes.
        assertThat(compiled)
                .as("the generator must produce policies that compile")
                .isGreaterThan(programs / 20);
        assertThat(compiled).as("policies compiled within the budget").isGreaterThanOrEqualTo(20);
    }

    private String module() {
        StringBuilder sb = new StringBuilder("package fuzz\n\nimport rego.v1\n\n");
        int rules = 1 + r.nextInt(5);
        for (int i = 0; i < rules; i++) {
            String name = pick("p", "q", "s");
            switch (r.nextInt(6)) {
                case 0 ->
                    sb.append(name)
                            .append(" := ")
                            .append(term(2))
                            .append(" if {\n")
                            .append(body(3))
                            .append("}\n");
                case 1 ->
                    sb.append(name)
                            .append(" contains ")
                            .append(term(1))
                            .append(" if {\n")
                            .append(body(3))
                            .append("}\n");
                case 2 ->
                    sb.append(name)
                            .append("[")
                            .append(pick(VARS))
                            .append("] := ")
                            .append(term(1))
                            .append(" if {\n")
                            .append(body(3))
                            .append("}\n");
                case 3 ->
                    sb.append("f(a) := ")
                            .append(term(1))
                            .append(" if {\n")
                            .append(body(2))
                            .append("}\n");
                case 4 ->
                    sb.append("default ")
                            .append(name)
                            .append(" := ")
                            .append(scalar())
                            .append('\n');
                default -> sb.append(name).append(" if ").append(expr(2)).append('\n');
            }
        }
        return sb.toString();
    }

    private String body(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 1 + r.nextInt(n); i++) {
            sb.append('\t').append(statement()).append('\n');
        }
        return sb.toString();
    }

    private String statement() {
        return switch (r.nextInt(9)) {
            case 0 -> pick(VARS) + " := " + term(2);
            case 1 -> "some " + pick("x", "y") + " in " + term(1);
            case 2 -> "not " + expr(1);
            case 3 -> "every v in " + term(1) + " { " + expr(1) + " }";
            case 4 -> expr(2) + " with input as " + term(1);
            case 5 -> expr(2) + " with data.fuzz.q as " + scalar();
            case 6 -> pick(VARS) + " = " + term(2);
            default -> expr(2);
        };
    }

    private String expr(int depth) {
        return switch (r.nextInt(5)) {
            case 0 -> term(depth) + " == " + term(depth);
            case 1 -> term(depth) + " " + pick("<", ">", "!=", "<=") + " " + term(depth);
            case 2 -> term(depth) + " in " + term(depth);
            default -> term(depth);
        };
    }

    private String term(int depth) {
        if (depth <= 0) {
            return r.nextBoolean() ? scalar() : pick("x", "y", "input.a", "input.b[0]", "data.fuzz.p", "data.fuzz.q");
        }
        return switch (r.nextInt(10)) {
            case 0 -> "[" + term(depth - 1) + ", " + term(depth - 1) + "]";
            case 1 -> "{" + scalar() + ": " + term(depth - 1) + "}";
            case 2 -> "{" + term(depth - 1) + "}";
            case 3 -> "[" + pick("x", "y") + " | some " + pick("x", "y") + " in " + term(depth - 1) + "]";
            case 4 -> "{k: v | some k, v in " + term(depth - 1) + "}";
            case 5 -> String.format(pick(BUILTINS), term(depth - 1));
            case 6 -> "f(" + term(depth - 1) + ")";
            case 7 -> pick("input", "data.fuzz", "data") + pick("", ".a", "[x]", "[_]", ".p[y]");
            default -> term(depth - 1);
        };
    }

    private String scalar() {
        return pick(
                "1",
                "0",
                "-2.5",
                "1e30",
                "\"a\"",
                "\"aaa\"",
                "\"x.a\"",
                "\"1Ki\"",
                "true",
                "false",
                "null",
                "set()",
                "{}",
                "[]",
                "\"eyJh\"");
    }

    private Object value(int depth) {
        if (depth <= 0 || r.nextInt(3) == 0) {
            return switch (r.nextInt(6)) {
                case 0 -> r.nextInt(10) - 3;
                case 1 -> pick("a", "x.a", "aaa", "");
                case 2 -> r.nextBoolean();
                case 3 -> r.nextDouble() * 100;
                case 4 -> List.of();
                default -> "1Ki";
            };
        }
        if (r.nextBoolean()) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < r.nextInt(4); i++) {
                list.add(value(depth - 1));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < r.nextInt(4); i++) {
            map.put(pick("a", "b", "k", "p"), value(depth - 1));
        }
        return map;
    }

    private String pick(String... options) {
        return options[r.nextInt(options.length)];
    }
}
