package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArrayFunctionsTest {
    @Test
    void concatAppends() throws Exception {
        assertThat(call("array.concat", json("[1, 2]"), json("[3]"))).isEqualTo(json("[1, 2, 3]"));
        assertThat(failure("array.concat", json("{}"), json("[]")).getMessage())
                .isEqualTo("array.concat: operand 1 must be array but got object");
    }

    @Test
    void sliceClampsItsBounds() throws Exception {
        assertThat(call("array.slice", json("[1, 2, 3, 4, 5]"), num(1), num(3))).isEqualTo(json("[2, 3]"));
        assertThat(call("array.slice", json("[1, 2, 3, 4, 5]"), num(-10), num(100)))
                .isEqualTo(json("[1, 2, 3, 4, 5]"));
        assertThat(call("array.slice", json("[1, 2, 3, 4, 5]"), num(3), num(1))).isEqualTo(json("[]"));
        assertThat(call("array.slice", json("[1, 2, 3]"), num(5), num(10))).isEqualTo(json("[]"));
        assertThat(failure("array.slice", json("[1]"), num("0.5"), num(1)).getMessage())
                .isEqualTo("array.slice: operand 2 must be integer number but got floating-point number");
    }

    @Test
    void reverseKeepsNestedArrays() throws Exception {
        assertThat(call("array.reverse", json("[1, [2], 3]"))).isEqualTo(json("[3, [2], 1]"));
    }

    @Test
    void flattenRemovesOneLevelOfNesting() throws Exception {
        assertThat(call("array.flatten", json("[1, 2, [3]]"))).isEqualTo(json("[1, 2, 3]"));
        assertThat(call("array.flatten", json("[[[1], [2, 3, []]], [[4, 5]]]")))
                .isEqualTo(json("[[1], [2, 3, []], [4, 5]]"));
        assertThat(call("array.flatten", json("[[1, 2], \"string\", [3, {\"a\": \"b\"}], 4.5, [6, [7, 8]]]")))
                .isEqualTo(json("[1, 2, \"string\", 3, {\"a\": \"b\"}, 4.5, 6, [7, 8]]"));
    }
}
