package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class JsonEditsTest {
    private static final String DOC = "{\"a\": {\"b\": {\"c\": 7, \"d\": 8}}, \"e\": 9}";

    @Test
    void removeDropsEachPointedValue() throws Exception {
        assertThat(call("json.remove", json(DOC), SetValue.of(str("a/b/c"), str("e"))))
                .isEqualTo(json("{\"a\": {\"b\": {\"d\": 8}}}"));
        assertThat(call("json.remove", json(DOC), json("[[\"a\", \"b\", \"c\"], [\"e\"]]")))
                .isEqualTo(json("{\"a\": {\"b\": {\"d\": 8}}}"));
        assertThat(call("json.remove", json("{\"a\": {\"b\": 7}, \"c\": 1}"), json("[\"a\", \"a/b\"]")))
                .isEqualTo(json("{\"c\": 1}"));
    }

    @Test
    void removeClosesGapsInArrays() throws Exception {
        assertThat(call(
                        "json.remove",
                        json("{\"a\": [{\"b\": 7, \"c\": 8}, {\"d\": 9}]}"),
                        json("[\"a/0/b\", \"a/1\"]")))
                .isEqualTo(json("{\"a\": [{\"c\": 8}]}"));
    }

    @Test
    void filterKeepsOnlyPointedValues() throws Exception {
        assertThat(call("json.filter", json(DOC), SetValue.of(str("a/b/c"), str("e"))))
                .isEqualTo(json("{\"a\": {\"b\": {\"c\": 7}}, \"e\": 9}"));
        assertThat(call(
                        "json.filter",
                        json("{\"a\": [{\"b\": 7, \"c\": 8}, {\"d\": 9}]}"),
                        json("[\"a/0/b\", \"a/1\"]")))
                .isEqualTo(json("{\"a\": [{\"b\": 7}, {\"d\": 9}]}"));
        assertThat(call("json.filter", json("{\"a\": 7}"), SetValue.EMPTY)).isEqualTo(json("{}"));
    }

    @Test
    void pathOperandsAreChecked() {
        assertThat(failure("json.remove", json("\"x\""), json("[]")).getMessage())
                .isEqualTo("json.remove: operand 1 must be object but got string");
        assertThat(failure("json.remove", json("{}"), str("a")).getMessage())
                .isEqualTo("json.remove: operand 2 must be one of {set, array} but got string");
        assertThat(failure("json.filter", json("{}"), json("[1]")).getMessage())
                .isEqualTo("json.filter: operand 2 must be one of {set, array} containing string paths or array"
                        + " of path segments but got number");
    }

    @Test
    void patchAppliesOperationsInOrder() throws Exception {
        assertThat(call(
                        "json.patch",
                        json("{\"foo\": [\"bar\", \"baz\"]}"),
                        json("[{\"op\": \"add\", \"path\": \"/foo/1\", \"value\": \"qux\"}]")))
                .isEqualTo(json("{\"foo\": [\"bar\", \"qux\", \"baz\"]}"));
        assertThat(call(
                        "json.patch",
                        json("{\"foo\": [\"all\", \"grass\", \"cows\", \"eat\"]}"),
                        json("[{\"op\": \"move\", \"from\": \"/foo/1\", \"path\": \"/foo/3\"}]")))
                .isEqualTo(json("{\"foo\": [\"all\", \"cows\", \"eat\", \"grass\"]}"));
        assertThat(call(
                        "json.patch",
                        json("{\"/\": 9, \"~1\": 10}"),
                        json("[{\"op\": \"test\", \"path\": \"/~01\", \"value\": 10}]")))
                .isEqualTo(json("{\"/\": 9, \"~1\": 10}"));
        assertThat(call("json.patch", json("[]"), json("[{\"op\": \"add\", \"path\": \"/-\", \"value\": \"hi\"}]")))
                .isEqualTo(json("[\"hi\"]"));
        assertThat(call("json.patch", json("{}"), json("[{\"op\": \"add\", \"path\": \"\", \"value\": []}]")))
                .isEqualTo(json("[]"));
    }

    @Test
    void patchEditsSetsByElement() throws Exception {
        ObjectValue doc = ObjectValue.of(str("foo"), SetValue.of(str("a"), str("b")));
        assertThat(call("json.patch", doc, json("[{\"op\": \"remove\", \"path\": \"foo/b\"}]")))
                .isEqualTo(ObjectValue.of(str("foo"), SetValue.of(str("a"))));
        assertThat(call("json.patch", doc, json("[{\"op\": \"add\", \"path\": \"foo/d\", \"value\": \"d\"}]")))
                .isEqualTo(ObjectValue.of(str("foo"), SetValue.of(str("a"), str("b"), str("d"))));
        assertThat(call("json.patch", doc, json("[{\"op\": \"add\", \"path\": \"foo/d\", \"value\": \"e\"}]")))
                .isNull();
        assertThat(call(
                        "json.patch",
                        SetValue.of(json("[1]")),
                        json("[{\"op\": \"add\", \"path\": [[1], 1], \"value\": 2}]")))
                .isEqualTo(SetValue.of(json("[1, 2]")));
    }

    @Test
    void failedPatchIsUndefined() throws Exception {
        assertThat(call(
                        "json.patch",
                        json("{\"q\": {\"bar\": 2}}"),
                        json("[{\"op\": \"add\", \"path\": \"/a/b\", \"value\": 1}]")))
                .isNull();
        assertThat(call(
                        "json.patch",
                        json("{\"baz\": \"qux\"}"),
                        json("[{\"op\": \"test\", \"path\": \"/baz\", \"value\": \"bar\"}]")))
                .isNull();
        assertThat(call("json.patch", json("[1, 2]"), json("[{\"op\": \"remove\", \"path\": \"/01\"}]")))
                .isNull();
        assertThat(call("json.patch", json("{}"), json("[{\"op\": \"spam\", \"path\": \"/a\"}]")))
                .isNull();
    }
}
