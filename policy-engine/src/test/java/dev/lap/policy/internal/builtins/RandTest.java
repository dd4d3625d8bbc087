package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class RandTest {
    @Test
    void randIntnIsStableWithinAnEvaluationAndBounded() throws Exception {
        Builtin b = BuiltinRegistry.standardRegistry().get("rand.intn");
        BuiltinContext ctx = BuiltinContext.system();
        Value first = b.call(new Value[] {str("key"), num(-100)}, ctx);
        assertThat(b.call(new Value[] {str("key"), num(100)}, ctx)).isEqualTo(first);
        assertThat(((NumberValue) first).longValue()).isBetween(0L, 99L);
        assertThat(b.call(new Value[] {str("key"), num(0)}, ctx)).isEqualTo(num(0));
    }
}
