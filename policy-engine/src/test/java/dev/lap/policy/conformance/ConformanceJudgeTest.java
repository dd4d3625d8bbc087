package dev.lap.policy.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.Value;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConformanceJudgeTest {
    private static ConformanceCase kase(String module, String query, String wantJson, String code, String text) {
        return new ConformanceCase(
                Path.of("t.yaml"),
                "g",
                "g/note",
                List.of(module),
                null,
                null,
                null,
                query,
                wantJson == null ? null : (ArrayValue) Json.parse(wantJson),
                code,
                text,
                false,
                false);
    }

    @Test
    void resultsCompareAsSetsOfBindingsWithSetsAsSortedArrays() {
        var c = kase(
                "package t\np := {3, 1, 2}\nq contains x if some x in [1, 2]",
                "x := data.t.q[_]",
                "[{\"x\":2},{\"x\":1}]",
                null,
                null);
        assertThat(ConformanceJudge.run(c).passed()).isTrue();
        var sets = kase("package t\np := {3, 1, 2}", "x := data.t.p", "[{\"x\":[1,2,3]}]", null, null);
        assertThat(ConformanceJudge.run(sets).passed()).isTrue();
    }

    @Test
    void numbersCompareByValue() {
        assertThat(ConformanceJudge.run(kase("package t\np := 1.0", "x := data.t.p", "[{\"x\":1}]", null, null))
                        .passed())
                .isTrue();
    }

    @Test
    void aWrongResultOrAnUnexpectedErrorFails() {
        assertThat(ConformanceJudge.run(kase("package t\np := 2", "x := data.t.p", "[{\"x\":1}]", null, null))
                        .passed())
                .isFalse();
        assertThat(ConformanceJudge.run(kase("package t\np := 1 / 0", "x := data.t.p", "[]", null, null))
                        .passed())
                .isTrue(); // non-strict: undefined
    }

    @Test
    void errorTextIsMatchedAgainstOpasRenderingWithoutTheColumn() {
        RegoError e = RegoError.at(
                "eval_conflict_error",
                "complete rules must not produce multiple outputs",
                Location.of("test-0.rego", 5, 1));
        assertThat(ConformanceJudge.opaText(e))
                .isEqualTo("test-0.rego:5: eval_conflict_error: complete rules must not produce multiple outputs");
        var c = kase("package t", "true", null, "eval_conflict_error", "test-0.rego:5: eval_conflict_error: complete");
        assertThat(ConformanceJudge.judgeError(c, e).passed()).isTrue();
        var wrongCode = kase("package t", "true", null, "eval_type_error", null);
        assertThat(ConformanceJudge.judgeError(wrongCode, e).passed()).isFalse();
    }

    @Test
    void sortBindingsSortsArraysInsideTheBindings() {
        Value v = ConformanceJudge.normalize(Json.parse("{\"x\":[3,1,2]}"), true);
        assertThat(Json.write(v)).isEqualTo("{\"x\":[1,2,3]}");
    }
}
