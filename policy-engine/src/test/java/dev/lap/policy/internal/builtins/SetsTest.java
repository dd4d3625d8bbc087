package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class SetsTest {
    private static SetValue set(Value... xs) {
        return SetValue.of(xs);
    }

    @Test
    void andOrAndDifferenceCombineSets() throws Exception {
        SetValue a = set(num(1), num(2), num(3));
        SetValue b = set(num(2), num(4));
        assertThat(call("and", a, b)).isEqualTo(set(num(2)));
        assertThat(call("or", a, b)).isEqualTo(set(num(1), num(2), num(3), num(4)));
        assertThat(call("minus", a, b)).isEqualTo(set(num(1), num(3)));
    }

    @Test
    void intersectionAndUnionTakeASetOfSets() throws Exception {
        SetValue s1 = set(str("a"), str("b"), str("c"), str("d"));
        SetValue s2 = set(str("b"), str("c"), str("d"));
        SetValue s4 = set(str("d"));
        assertThat(call("intersection", set(s1, s2, s4))).isEqualTo(set(str("d")));
        assertThat(call("intersection", SetValue.EMPTY)).isEqualTo(SetValue.EMPTY);
        assertThat(call("intersection", set(SetValue.EMPTY, set(num(1), num(2)))))
                .isEqualTo(SetValue.EMPTY);
        assertThat(call("union", set(SetValue.EMPTY, set(num(1), num(2))))).isEqualTo(set(num(1), num(2)));
        assertThat(failure("union", set(num(1))).getMessage())
                .isEqualTo("union: operand 1 must be set of sets but got set containing number");
    }
}
