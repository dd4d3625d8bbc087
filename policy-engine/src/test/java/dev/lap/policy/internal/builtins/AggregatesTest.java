package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class AggregatesTest {
    @Test
    void countCountsRunesOfStrings() throws Exception {
        assertThat(call("count", str("åäö"))).isEqualTo(num(3));
        assertThat(call("count", json("{\"a\": 1, \"b\": 2}"))).isEqualTo(num(2));
        BuiltinException e = failure("count", json("null"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage())
                .isEqualTo("count: operand 1 must be one of {array, object, set, string} but got null");
    }

    @Test
    void sumAndProductAreExactOnIntegersAndFloatOtherwise() throws Exception {
        assertThat(call("sum", json("[18446744073709551617, 1]"))).isEqualTo(num("18446744073709551618"));
        assertThat(call("sum", json("[9223372036854775807, 1]"))).isEqualTo(num("9223372036854775808"));
        assertThat(call("product", json("[18446744073709551617, 2]"))).isEqualTo(num("36893488147419103234"));
        assertThat(call("sum", json("[1.5, 2.5]"))).isEqualTo(num(4));
        assertThat(call("sum", json("[1, 2.5]"))).isEqualTo(num("3.5"));
        assertThat(call("product", json("[1.5, 2]"))).isEqualTo(num(3));
        assertThat(call("sum", json("[]"))).isEqualTo(num(0));
        assertThat(failure("sum", json("[1, \"a\"]")).getMessage())
                .isEqualTo("sum: operand 1 must be array of numbers but got array containing string");
    }

    @Test
    void maxAndMinAreUndefinedOnEmptyCollections() throws Exception {
        assertThat(call("max", json("[1, \"a\", null]"))).isEqualTo(str("a"));
        assertThat(call("min", json("[3, 1, 2]"))).isEqualTo(num(1));
        assertThat(call("max", json("[]"))).isNull();
        assertThat(call("min", SetValue.EMPTY)).isNull();
    }

    @Test
    void sortOrdersAcrossKinds() throws Exception {
        assertThat(call("sort", json("[3, \"a\", null, [1], 1]"))).isEqualTo(json("[null, 1, 3, \"a\", [1]]"));
        assertThat(call("sort", SetValue.of(num(2), num(1)))).isEqualTo(json("[1, 2]"));
    }

    @Test
    void allAndAnyLookForTrue() throws Exception {
        assertThat(call("all", json("[true, true]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("all", json("[true, 1]"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("all", json("[]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("any", json("[false, true]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("any", SetValue.EMPTY)).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void membershipLooksAtValuesAndKeys() throws Exception {
        assertThat(call("internal.member_2", num(2), json("[1, 2]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("internal.member_2", num(2), json("{\"a\": 2}"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("internal.member_3", str("a"), num(2), json("{\"a\": 2}")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("internal.member_3", num(1), num(2), json("[1, 2]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("internal.member_2", json("{\"foo\": 0}"), json("[{\"foo\": 100}]")))
                .isEqualTo(BooleanValue.FALSE);
    }
}
