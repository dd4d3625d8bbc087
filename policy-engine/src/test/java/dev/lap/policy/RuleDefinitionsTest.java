package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.policy.RuleInfo.HeadTerm;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CompiledPolicy#rules()} and {@link CompiledPolicy#evaluateRule}: one definition at a time. */
class RuleDefinitionsTest {
    private static final PolicyEngine ENGINE = PolicyEngine.create();

    private static CompiledPolicy compile(String rego) throws RegoException {
        return ENGINE.compile(List.of(new PolicySource("p.rego", rego)), ObjectValue.EMPTY);
    }

    private static String value(RuleResult r) {
        return switch (r.result()) {
            case Result.Defined d -> Json.write(d.value());
            case Result.Undefined u -> "undefined";
            case Result.Failed f -> "error " + f.error().code();
        };
    }

    /** Each case as {@code path=value}, the path's terms joined by dots, "failed" when the body failed. */
    private static List<String> cases(RuleResult r) {
        List<String> out = new ArrayList<>();
        for (RuleResult.Case c : r.cases()) {
            out.add(String.join(".", c.path().stream().map(Json::write).toList()) + "="
                    + (c.value() == null ? "failed" : Json.write(c.value())));
        }
        return out;
    }

    private static RuleInfo ruleAt(CompiledPolicy p, int row) {
        return p.rules().stream()
                .filter(r -> r.location().row() == row)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void everyDefinitionIsListedInSourceOrderWithItsPackageHeadAndKind() throws RegoException {
        CompiledPolicy p = compile("""
                package a.b
                p if false
                p if true
                default q := 1
                s contains 1
                obj[k] := 2 if some k in ["x"]
                x.y["z"] := 3
                f(n) := n
                """);

        List<RuleInfo> rules = p.rules();

        assertThat(rules).extracting(r -> r.location().row()).containsExactly(2, 3, 4, 5, 6, 7, 8);
        assertThat(rules).extracting(RuleInfo::definition).containsExactly(0, 1, 2, 3, 4, 5, 6);
        assertThat(rules).allSatisfy(r -> assertThat(r.packagePath()).containsExactly("a", "b"));
        assertThat(rules)
                .extracting(RuleInfo::kind)
                .containsExactly(
                        RuleInfo.Kind.COMPLETE,
                        RuleInfo.Kind.COMPLETE,
                        RuleInfo.Kind.COMPLETE,
                        RuleInfo.Kind.PARTIAL_SET,
                        RuleInfo.Kind.PARTIAL_OBJECT,
                        RuleInfo.Kind.COMPLETE,
                        RuleInfo.Kind.FUNCTION);
        assertThat(rules.get(2).isDefault()).isTrue();
        assertThat(rules.get(4).head().get(0)).isEqualTo(new HeadTerm.Fixed("obj"));
        assertThat(rules.get(4).head().get(1)).isInstanceOf(HeadTerm.Variable.class);
        assertThat(rules.get(5).head())
                .containsExactly(new HeadTerm.Fixed("x"), new HeadTerm.Fixed("y"), new HeadTerm.Fixed("z"));
    }

    @Test
    void aStringAfterAVariableHeadTermIsFixed() throws RegoException {
        CompiledPolicy p = compile("package t\np[k].b := 1 if some k in [\"x\"]\n");

        RuleInfo r = ruleAt(p, 2);

        assertThat(r.kind()).isEqualTo(RuleInfo.Kind.PARTIAL_OBJECT);
        assertThat(r.head()).element(1).isInstanceOf(HeadTerm.Variable.class);
        assertThat(r.head()).element(2).isEqualTo(new HeadTerm.Fixed("b"));
        assertThat(value(p.evaluateRule(r, null, null))).isEqualTo("{\"x\":{\"b\":1}}");
    }

    @Test
    void aDefinitionIsEvaluatedWithoutTheOtherDefinitionsOfItsRule() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                p if false
                p if true
                """);

        assertThat(value(p.evaluateRule(ruleAt(p, 2), null, null))).isEqualTo("undefined");
        assertThat(value(p.evaluateRule(ruleAt(p, 3), null, null))).isEqualTo("true");
    }

    @Test
    void aDefinitionWithElseGivesTheValueOfItsChain() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                p := 1 if {
                    false
                } else := 2
                """);

        assertThat(value(p.evaluateRule(ruleAt(p, 2), null, null))).isEqualTo("2");
    }

    @Test
    void aSetDefinitionGivesItsOwnElementsAndAnEmptySetWhenItsBodyFails() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                s contains x if some x in [1, 2]
                s contains 3 if false
                """);

        assertThat(value(p.evaluateRule(ruleAt(p, 2), null, null))).isEqualTo("[1,2]");
        assertThat(value(p.evaluateRule(ruleAt(p, 3), null, null))).isEqualTo("[]");
    }

    @Test
    void aRefHeadDefinitionGivesItsValueAtItsOwnPath() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                a.b.c := 7
                """);

        assertThat(value(p.evaluateRule(ruleAt(p, 2), null, null))).isEqualTo("7");
    }

    @Test
    void aDefaultDefinitionGivesItsValue() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                default allow := false
                allow if input.ok
                """);

        assertThat(value(p.evaluateRule(ruleAt(p, 2), Map.of("ok", true), null)))
                .isEqualTo("false");
        assertThat(value(p.evaluateRule(ruleAt(p, 3), Map.of("ok", true), null)))
                .isEqualTo("true");
    }

    @Test
    void everyKeyOfAPartialObjectIsACaseIncludingKeysWhoseBodyFailedAfterBindingThem() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                test_concat[tc.note] if {
                    some tc in [
                        {"note": "ab", "a": ["a"], "b": ["b"], "exp": ["a", "b"]},
                        {"note": "wrong", "a": [], "b": [], "exp": ["x"]},
                    ]
                    array.concat(tc.a, tc.b) == tc.exp
                }
                """);

        RuleResult r = p.evaluateRule(ruleAt(p, 2), null, null);

        assertThat(value(r)).isEqualTo("{\"ab\":true}");
        assertThat(cases(r)).containsExactly("\"test_concat\".\"ab\"=true", "\"test_concat\".\"wrong\"=failed");
    }

    @Test
    void nestedKeysAreCasesWithTheWholeHeadPath() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                g.test_x[a][b] if {
                    some a in ["foo", "bar"]
                    some b in [1, 2]
                    not f(a, b)
                }
                f(a, b) if { a == "foo"; b == 2 }
                """);

        RuleResult r = p.evaluateRule(ruleAt(p, 2), null, null);

        assertThat(value(r)).isEqualTo("{\"bar\":{\"1\":true,\"2\":true},\"foo\":{\"1\":true}}");
        assertThat(cases(r))
                .containsExactly(
                        "\"g\".\"test_x\".\"foo\".1=true",
                        "\"g\".\"test_x\".\"foo\".2=failed",
                        "\"g\".\"test_x\".\"bar\".1=true",
                        "\"g\".\"test_x\".\"bar\".2=true");
    }

    @Test
    void aKeyThatSucceedsForAnySolutionIsDefined() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                t[k] if {
                    some k, v in {"a": 1, "b": 2}
                    some n in [1, 2]
                    n == v
                }
                """);

        assertThat(cases(p.evaluateRule(ruleAt(p, 2), null, null)))
                .containsExactly("\"t\".\"a\"=true", "\"t\".\"b\"=true");
    }

    @Test
    void aPartialObjectWhoseBodyNeverBindsItsKeyIsAnEmptyObjectWithNoCases() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                t[k] if {
                    false
                    some k in ["a"]
                }
                """);

        RuleResult r = p.evaluateRule(ruleAt(p, 2), null, null);

        assertThat(value(r)).isEqualTo("{}");
        assertThat(r.cases()).isEmpty();
    }

    @Test
    void anEvaluationErrorIsAFailedResultWithoutCases() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                x := 1 if input.a
                x := 2 if input.a
                t[k] := x if some k in ["a"]
                """);

        RuleResult r = p.evaluateRule(ruleAt(p, 4), Map.of("a", true), null);

        assertThat(value(r)).isEqualTo("error eval_conflict_error");
        assertThat(r.cases()).isEmpty();
    }

    @Test
    void aTracedDefinitionReportsEnteringItsRuleAndWhereItsBodyFailed() throws RegoException {
        CompiledPolicy p = compile("""
                package t
                t[k] if {
                    some k in ["a"]
                    k == "b"
                }
                """);
        List<Tracer.Event> trace = new ArrayList<>();

        p.evaluateRule(ruleAt(p, 2), null, trace::add);

        assertThat(trace).extracting(Tracer.Event::kind).contains(Tracer.Kind.ENTER, Tracer.Kind.FAIL);
        assertThat(trace)
                .filteredOn(e -> e.kind() == Tracer.Kind.FAIL)
                .extracting(e -> e.location().row())
                .contains(4);
    }

    @Test
    void aFunctionOrARuleOfAnotherPolicyIsRefused() throws RegoException {
        CompiledPolicy p = compile("package t\nf(x) := x\n");
        CompiledPolicy other = compile("package t\ng := 1\n");

        assertThatThrownBy(() -> p.evaluateRule(ruleAt(p, 2), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("function");
        assertThatThrownBy(() -> p.evaluateRule(ruleAt(other, 2), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a rule of this policy");
    }
}
