package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class ConversionsTest {
    @Test
    void toNumberConvertsScalars() throws Exception {
        assertThat(call("to_number", str("-42.0"))).isEqualTo(num(-42));
        assertThat(call("to_number", json("false"))).isEqualTo(num(0));
        assertThat(call("to_number", json("true"))).isEqualTo(num(1));
        assertThat(call("to_number", json("null"))).isEqualTo(num(0));
        assertThat(call("to_number", num("100.1"))).isEqualTo(num("100.1"));
    }

    @Test
    void toNumberRejectsTextAndNonFiniteNumbers() {
        BuiltinException broken = failure("to_number", str("broken"));
        assertThat(broken.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(broken.getMessage()).contains("to_number").contains("invalid syntax");
        assertThat(failure("to_number", str("-Infinity")).code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(failure("to_number", str("nan")).code()).isEqualTo(RegoError.EVAL_TYPE);
    }

    @Test
    void castsConvertBetweenArraysAndSets() throws Exception {
        assertThat(call("cast_set", json("[2, 1, 2]"))).isEqualTo(SetValue.of(num(1), num(2)));
        assertThat(call("cast_array", SetValue.of(num(2), num(1)))).isEqualTo(json("[1, 2]"));
        assertThat(failure("cast_string", num(1)).code()).isEqualTo(RegoError.EVAL_TYPE);
    }
}
