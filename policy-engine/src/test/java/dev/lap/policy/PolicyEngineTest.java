package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.Value;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEngineTest {
    private static final PolicyEngine ENGINE = PolicyEngine.create();

    private static CompiledPolicy compile(String rego) throws RegoException {
        return ENGINE.compile(List.of(new PolicySource("p.rego", rego)), ObjectValue.EMPTY);
    }

    private static String eval(CompiledPolicy p, String ref, Object input) {
        return switch (p.evaluate(ref, input)) {
            case Result.Defined d -> Json.write(d.value());
            case Result.Undefined u -> "undefined";
            case Result.Failed f -> "error " + f.error().code();
        };
    }

    @Test
    void defaultDenyHoldsWhenNoRuleMatches() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                default allow := false
                allow if input.user == "alice"
                """);
        assertThat(eval(p, "data.t.allow", Map.of("user", "bob"))).isEqualTo("false");
        assertThat(eval(p, "data.t.allow", Map.of("user", "alice"))).isEqualTo("true");
    }

    @Test
    void undefinedIsNotFalse() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                allow if input.user == "alice"
                """);
        assertThat(p.evaluate("data.t.allow", Map.of("user", "bob"))).isInstanceOf(Result.Undefined.class);
    }

    @Test
    void inputIsTakenFromJavaValuesWithoutJson() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                hosts contains h if some h in input.hosts
                port := input.port
                """);
        assertThat(eval(p, "data.t.hosts", Map.of("hosts", List.of("b", "a", "b"))))
                .isEqualTo("[\"a\",\"b\"]");
        assertThat(eval(p, "data.t.port", Map.of("port", 443))).isEqualTo("443");
    }

    @Test
    void conflictingCompleteRulesAreAnErrorNotAValue() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                x := 1 if input.a
                x := 2 if input.b
                """);
        assertThat(eval(p, "data.t.x", Map.of("a", true, "b", true))).isEqualTo("error eval_conflict_error");
        assertThat(eval(p, "data.t.x", Map.of("a", true))).isEqualTo("1");
    }

    @Test
    void elseChainTakesTheFirstLinkThatHolds() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                level := "admin" if input.role == "admin"
                else := "user" if input.role == "user"
                else := "none"
                """);
        assertThat(eval(p, "data.t.level", Map.of("role", "user"))).isEqualTo("\"user\"");
        assertThat(eval(p, "data.t.level", Map.of("role", "x"))).isEqualTo("\"none\"");
    }

    @Test
    void refHeadRulesBuildNestedObjects() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                hosts[name].port := 443 if some name in input.names
                a.b.c := "deep"
                """);
        assertThat(eval(p, "data.t.hosts", Map.of("names", List.of("x", "y"))))
                .isEqualTo("{\"x\":{\"port\":443},\"y\":{\"port\":443}}");
        assertThat(eval(p, "data.t.a", Map.of())).isEqualTo("{\"b\":{\"c\":\"deep\"}}");
    }

    @Test
    void withReplacesInputAndDataForOneStatementOnly() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                name := input.name
                mocked := n if n := name with input.name as "mock"
                both := [m, n] if {
                    m := name with input.name as "mock"
                    n := name
                }
                """);
        assertThat(eval(p, "data.t.mocked", Map.of("name", "real"))).isEqualTo("\"mock\"");
        assertThat(eval(p, "data.t.both", Map.of("name", "real"))).isEqualTo("[\"mock\",\"real\"]");
    }

    @Test
    void functionsWithSeveralDefinitionsAndElse() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                kind(0) := "zero"
                kind(x) := "other" if x != 0
                r := [kind(0), kind(5)]
                """);
        assertThat(eval(p, "data.t.r", Map.of())).isEqualTo("[\"zero\",\"other\"]");
    }

    @Test
    void aFunctionArgumentThatComputesItsValueIsComparedAfterTheBody() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                f($"{x} {input.y}") := 42 if x = "foo"
                hit := f("foo bar")
                miss := f("foo baz")
                """);
        assertThat(eval(p, "data.t.hit", Map.of("y", "bar"))).isEqualTo("42");
        assertThat(eval(p, "data.t.miss", Map.of("y", "bar"))).isEqualTo("undefined");
    }

    @Test
    void everyHoldsOnlyWhenTheBodyHoldsForAllElements() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                all_short if every s in input.items { s != "long" }
                """);
        assertThat(eval(p, "data.t.all_short", Map.of("items", List.of("a", "b"))))
                .isEqualTo("true");
        assertThat(eval(p, "data.t.all_short", Map.of("items", List.of("a", "long"))))
                .isEqualTo("undefined");
    }

    @Test
    void unsafeVariablesAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> compile("""
                        package t
                        p if x == 1
                        """)).isInstanceOfSatisfying(RegoException.class, e -> {
            assertThat(e.first().code()).isEqualTo(RegoError.UNSAFE_VAR);
            assertThat(e.first().toString()).startsWith("p.rego:2:");
        });
    }

    @Test
    void constantOperandsOfAKindTheBuiltinRejectsAreTypeErrors() {
        assertThatThrownBy(() -> compile("""
                        package t
                        n := count(1)
                        """)).isInstanceOfSatisfying(RegoException.class, e -> {
            assertThat(e.first().code()).isEqualTo(RegoError.TYPE);
            assertThat(e.first().toString()).isEqualTo("p.rego:2:6: rego_type_error: count: invalid argument(s)");
            assertThat(e.first().details())
                    .containsExactly("have: (number)", "want: (any<array, object, set, string>, number)");
        });
        // Queries are checked the same way; operands known only at run time are checked then.
        assertThatThrownBy(() -> ENGINE.compile(List.of(), ObjectValue.EMPTY).query("x := 1 + \"a\"", null))
                .isInstanceOfSatisfying(
                        RegoException.class, e -> assertThat(e.first().code()).isEqualTo(RegoError.TYPE));
    }

    @Test
    void aHeadVariableNamingARuleOfThePackageIsThatRulesValueAsInOpa() throws RegoException {
        // OPA resolves head variables against the package's rules unless the body declares them.
        CompiledPolicy p = compile("""
                package t
                q := "a"
                p[q] := 1
                r[q] := 2 if { q := "b" }
                s contains q if { q == "a" }
                """);
        assertThat(eval(p, "data.t.p", Map.of())).isEqualTo("{\"a\":1}");
        assertThat(eval(p, "data.t.r", Map.of())).isEqualTo("{\"b\":2}");
        assertThat(eval(p, "data.t.s", Map.of())).isEqualTo("[\"a\"]");
    }

    @Test
    void recursionIsACompileError() {
        assertThatThrownBy(() -> compile("""
                        package t
                        p if q
                        q if p
                        """))
                .isInstanceOfSatisfying(
                        RegoException.class, e -> assertThat(e.first().code()).isEqualTo(RegoError.RECURSION));
    }

    @Test
    void runawayEvaluationStopsAtTheStepLimit() throws RegoException {
        PolicyEngine limited = PolicyEngine.builder()
                .maxSteps(1_000)
                .timeout(Duration.ofSeconds(10))
                .build();
        CompiledPolicy p = limited.compile(List.of(new PolicySource("p.rego", """
                        package t
                        n := count([x | some x in numbers.range(1, 100000)])
                        """)), ObjectValue.EMPTY);
        Result r = p.evaluate("data.t.n", Map.of());
        assertThat(r)
                .isInstanceOfSatisfying(
                        Result.Failed.class, f -> assertThat(f.error().code()).isEqualTo(RegoError.EVAL_LIMIT));
    }

    @Test
    void oneCompiledPolicyServesManyThreadsAtOnce() throws Exception {
        CompiledPolicy p = compile("""
                package t
                users contains u if some u in input.users
                allowed := count(users) > 1 if input.mode == "many"
                allowed := count(users) == 1 if input.mode == "one"
                """);
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        List<String> users = java.util.stream.IntStream.rangeClosed(0, (id + i) % 3)
                                .mapToObj(n -> "u" + n)
                                .toList();
                        String mode = users.size() == 1 ? "one" : "many";
                        if (!eval(p, "data.t.allowed", Map.of("users", users, "mode", mode))
                                .equals("true")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (var r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void queriesReturnBindingsOfNamedVariablesOnly() throws RegoException {
        CompiledPolicy p = ENGINE.compile(List.of(), Json.parse("{\"a\":[1,2,3]}"));
        List<Map<String, Value>> rows = p.query("x := data.a[_]", null);
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).containsOnlyKeys("x");
    }

    @Test
    void revisionChangesWithTheModulesAndData() throws RegoException {
        String a = ENGINE.compile(List.of(new PolicySource("p.rego", "package t\nx := 1\n")), ObjectValue.EMPTY)
                .revision();
        String same = ENGINE.compile(List.of(new PolicySource("p.rego", "package t\nx := 1\n")), ObjectValue.EMPTY)
                .revision();
        String other = ENGINE.compile(List.of(new PolicySource("p.rego", "package t\nx := 2\n")), ObjectValue.EMPTY)
                .revision();
        assertThat(a).isEqualTo(same).isNotEqualTo(other).hasSize(64);
    }

    @Test
    void ruleRefsNameEveryRuleOnce() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                test_a if true
                test_b if true
                test_b if false
                f(x) := x
                deep.name := 1
                """);
        assertThat(p.ruleRefs()).containsExactly("data.t.deep.name", "data.t.f", "data.t.test_a", "data.t.test_b");
    }

    @Test
    void aTraceShowsTheStatementWhereARuleFailed() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                allow if {
                    input.user == "alice"
                    input.action == "read"
                }
                """);
        List<Tracer.Event> events = new java.util.ArrayList<>();
        Result r = p.evaluate("data.t.allow", Map.of("user", "alice", "action", "write"), events::add);
        assertThat(r).isInstanceOf(Result.Undefined.class);
        assertThat(events)
                .extracting(e -> e.kind() + " " + e.location().row() + " " + e.detail())
                .containsExactly(
                        "ENTER 2 allow if {",
                        "EVAL 3 input.user == \"alice\"",
                        "EVAL 4 input.action == \"read\"",
                        "FAIL 4 input.action == \"read\"");
        assertThat(p.coverableLocations()).extracting(Location::row).containsExactly(2, 3, 4);
    }

    @Test
    void anEntryPointOutsideDataIsRefusedAsAnError() throws RegoException {
        CompiledPolicy p = compile("package t\nx := 1\n");
        assertThat(p.evaluate("input.x", Map.of())).isInstanceOf(Result.Failed.class);
    }

    @Test
    void parseValueReadsGroundTermsIncludingSets() throws RegoException {
        assertThat(Json.write(PolicyEngine.parseValue("{\"a\": {2, 1}, \"b\": set()}")))
                .isEqualTo("{\"a\":[1,2],\"b\":[]}");
        assertThatThrownBy(() -> PolicyEngine.parseValue("[x]")).isInstanceOf(RegoException.class);
    }
}
