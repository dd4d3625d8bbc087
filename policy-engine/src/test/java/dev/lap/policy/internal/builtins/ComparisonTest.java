package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.BooleanValue;
import org.junit.jupiter.api.Test;

class ComparisonTest {
    @Test
    void equalityComparesNumbersByValue() throws Exception {
        assertThat(call("equal", num("1.0"), num(1))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("neq", num("28857836529306024611913"), num("28857836529306024611912")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("equal", json("{\"a\": [1]}"), json("{\"a\": [1]}"))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void orderingSpansKindsAsOpaDoes() throws Exception {
        // null < boolean < number < string < array < object < set
        assertThat(call("lt", json("null"), json("false"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("lt", json("true"), num(0))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("gt", str("a"), num(1000))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("lte", json("[1, 2]"), json("[1, 2]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("gte", json("[1]"), json("[1, 2]"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("lt", num("1.5"), num(2))).isEqualTo(BooleanValue.TRUE);
    }
}
