package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class ObjectFunctionsTest {
    @Test
    void getFallsBackToTheDefault() throws Exception {
        assertThat(call("object.get", json("{\"a\": \"b\"}"), str("a"), str("c")))
                .isEqualTo(str("b"));
        assertThat(call("object.get", json("{\"a\": \"b\"}"), str("c"), str("c")))
                .isEqualTo(str("c"));
        assertThat(call("object.get", ObjectValue.of(num(1), num(2)), num(1), num(3)))
                .isEqualTo(num(2));
    }

    @Test
    void getFollowsArrayPaths() throws Exception {
        assertThat(call("object.get", json("{\"a\": 1}"), json("[]"), num(2))).isEqualTo(json("{\"a\": 1}"));
        assertThat(call("object.get", json("{\"a\": {\"b\": {\"c\": 1}}}"), json("[\"a\", \"b\", \"c\"]"), num(2)))
                .isEqualTo(num(1));
        assertThat(call("object.get", json("{\"a\": {\"b\": [{\"c\": 1}]}}"), json("[\"a\", \"b\", 0, \"c\"]"), num(2)))
                .isEqualTo(num(1));
        assertThat(call("object.get", json("{\"a\": {\"b\": [1, 2, 3]}}"), json("[\"a\", \"b\", \"a\"]"), num(2)))
                .isEqualTo(num(2));
        ObjectValue nested =
                ObjectValue.of(num(1), ObjectValue.of(str("b"), ObjectValue.of(json("[1, 2, 3]"), num(1))));
        assertThat(call("object.get", nested, ArrayValue.of(num(1), str("b"), json("[1, 2, 3]")), num(2)))
                .isEqualTo(num(1));
        BuiltinException e = failure("object.get", str("x"), json("[\"a\"]"), num(2));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage()).isEqualTo("object.get: operand 1 must be object but got string");
    }

    @Test
    void keysAreASet() throws Exception {
        assertThat(call("object.keys", json("{\"a\": 1, \"b\": 2}"))).isEqualTo(SetValue.of(str("a"), str("b")));
    }

    @Test
    void unionMergesNestedObjectsAndRightWins() throws Exception {
        assertThat(call(
                        "object.union",
                        json("{\"a\": {\"b\": {\"c\": 1}}, \"e\": 1}"),
                        json("{\"a\": {\"b\": \"foo\", \"b1\": \"bar\"}, \"d\": 7, \"e\": 17}")))
                .isEqualTo(json("{\"a\": {\"b\": \"foo\", \"b1\": \"bar\"}, \"d\": 7, \"e\": 17}"));
        assertThat(call("object.union", json("{\"a\": {\"x\": 1}}"), json("{\"a\": {\"y\": 2}}")))
                .isEqualTo(json("{\"a\": {\"x\": 1, \"y\": 2}}"));
        assertThat(call("object.union_n", json("[{\"a\": 1, \"b\": 2}, {\"a\": \"a\"}, {\"a\": \"final\"}]")))
                .isEqualTo(json("{\"a\": \"final\", \"b\": 2}"));
        assertThat(failure("object.union", json("[]"), json("{}")).getMessage())
                .isEqualTo("object.union: operand 1 must be object but got array");
    }

    @Test
    void removeAndFilterTakeKeysFromAnyCollection() throws Exception {
        ObjectValue o = (ObjectValue) json("{\"a\": 1, \"b\": {\"c\": 3}, \"d\": 4}");
        assertThat(call("object.remove", o, json("[\"d\", \"b\"]"))).isEqualTo(json("{\"a\": 1}"));
        assertThat(call("object.remove", o, json("{\"b\": 1, \"d\": \"\"}"))).isEqualTo(json("{\"a\": 1}"));
        assertThat(call("object.filter", o, SetValue.of(str("a")))).isEqualTo(json("{\"a\": 1}"));
        assertThat(failure("object.filter", o, str("a")).getMessage())
                .isEqualTo("object.filter: operand 2 must be one of {object, set, array} but got string");
    }

    @Test
    void subsetRecursesIntoObjectsAndMatchesArrayRuns() throws Exception {
        assertThat(call("object.subset", json("{\"a\": 5, \"n\": {\"x\": 1, \"y\": 2}}"), json("{\"n\": {\"x\": 1}}")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("object.subset", json("{\"a\": 5}"), json("{\"a\": 5, \"b\": 1}")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("object.subset", json("[1, 2, 3, 4]"), json("[2, 3]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("object.subset", json("[1, 2, 3, 4]"), json("[2, 4]"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("object.subset", json("[1, 2, 3]"), SetValue.of(num(3), num(1))))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(failure("object.subset", json("{}"), json("[]")).getMessage())
                .isEqualTo("object.subset: both arguments object.subset must be of the same type or array and set");
    }
}
