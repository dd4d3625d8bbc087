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
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class EncodingTest {
    @Test
    void jsonMarshalWritesSetsAsArrays() throws Exception {
        ObjectValue o = ObjectValue.of(str("foo"), SetValue.of(num(3), num(1), num(2)));
        assertThat(call("json.marshal", ArrayValue.of(o))).isEqualTo(str("[{\"foo\":[1,2,3]}]"));
        assertThat(call("json.marshal", ArrayValue.of(call("div", num("1e109"), num("1e100")))))
                .isEqualTo(str("[1000000000]"));
    }

    @Test
    void jsonUnmarshalRejectsInvalidJson() throws Exception {
        assertThat(call("json.unmarshal", str("[{\"foo\":[1,2,3]}]"))).isEqualTo(json("[{\"foo\": [1, 2, 3]}]"));
        assertThat(failure("json.unmarshal", str("{")).code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(failure("json.unmarshal", num(1)).getMessage())
                .isEqualTo("json.unmarshal: operand 1 must be string but got number");
    }

    @Test
    void isValidIsFalseForNonStrings() throws Exception {
        assertThat(call("json.is_valid", str("{\"json\": \"ok\"}"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("json.is_valid", str("plainstring"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("json.is_valid", num(1))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("yaml.is_valid", str("foo:\n  - qux: bar\n  - baz: 2"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("yaml.is_valid", str("foo:\n  - baz: {"))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void yamlRoundTrips() throws Exception {
        ArrayValue v = ArrayValue.of(ObjectValue.of(str("foo"), SetValue.of(num(1), num(2), num(3))));
        assertThat(call("yaml.unmarshal", call("yaml.marshal", v))).isEqualTo(json("[{\"foo\": [1, 2, 3]}]"));
        assertThat(failure("yaml.unmarshal", str("[1,2,3")).code()).isEqualTo(RegoError.EVAL_BUILTIN);
    }

    @Test
    void base64IsStrictAsGo() throws Exception {
        assertThat(call("base64.encode", str("subjects?_d"))).isEqualTo(str("c3ViamVjdHM/X2Q="));
        assertThat(call("base64.decode", str("c3ViamVjdHM/X2Q="))).isEqualTo(str("subjects?_d"));
        assertThat(call("base64.is_valid", str("{'not':'base64'}"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("base64.is_valid", str("aGVsbG8"))).isEqualTo(BooleanValue.FALSE);
        assertThat(failure("base64.decode", str("aGV*bG8=")).getMessage())
                .isEqualTo("base64.decode: illegal base64 data at input byte 3");
    }

    @Test
    void base64DecodeTurnsInvalidUtf8IntoReplacementRunes() throws Exception {
        assertThat(call("count", call("base64.decode", str("2E84ZuPUd7zfvCZSNEchVpDEIj6PL7JfLpIqyxVG16k="))))
                .isEqualTo(num(30));
    }

    @Test
    void base64urlRestoresPadding() throws Exception {
        assertThat(call("base64url.encode", str("hello"))).isEqualTo(str("aGVsbG8="));
        assertThat(call("base64url.encode_no_pad", str("hello"))).isEqualTo(str("aGVsbG8"));
        assertThat(call("base64url.decode", str("aGVsbG8"))).isEqualTo(str("hello"));
        assertThat(call("base64url.decode", str("_-8"))).isEqualTo(str("\ufffd\ufffd"));
    }

    @Test
    void hexRoundTripsAndNamesTheBadByte() throws Exception {
        assertThat(call("hex.encode", str("lorem ipsum"))).isEqualTo(str("6c6f72656d20697073756d"));
        assertThat(call("hex.decode", str("6c6f72656d20697073756d"))).isEqualTo(str("lorem ipsum"));
        assertThat(failure("hex.decode", str("fghijkl")).getMessage())
                .isEqualTo("hex.decode: encoding/hex: invalid byte: U+0067 'g'");
    }

    @Test
    void urlQueryEscapesLikeGo() throws Exception {
        assertThat(call("urlquery.encode", str("a=b+1"))).isEqualTo(str("a%3Db%2B1"));
        assertThat(call("urlquery.encode", str("a b~"))).isEqualTo(str("a+b~"));
        assertThat(call("urlquery.decode", str("a%3Db%2B1+c"))).isEqualTo(str("a=b+1 c"));
        assertThat(failure("urlquery.decode", str("%zz")).getMessage())
                .isEqualTo("urlquery.decode: invalid URL escape \"%zz\"");
        assertThat(call("urlquery.encode_object", json("{\"b\": [\"1\", \"2\"], \"a\": \"x y\"}")))
                .isEqualTo(str("a=x+y&b=1&b=2"));
        assertThat(call("urlquery.decode_object", str("a=1&b=2&a=3")))
                .isEqualTo(json("{\"a\": [\"1\", \"3\"], \"b\": [\"2\"]}"));
    }

    @Test
    void marshalWithOptionsIndentsOnlyWhenAskedTo() throws Exception {
        Value doc = json("[1234567890, 2000000, 1000000000]");
        assertThat(call("json.marshal_with_options", doc, json("{}")))
                .isEqualTo(str("[1234567890,2000000,1000000000]"));
        assertThat(call("json.marshal_with_options", doc, json("{\"pretty\": true}")))
                .isEqualTo(str("[\n\t1234567890,\n\t2000000,\n\t1000000000\n]"));
        assertThat(call("json.marshal_with_options", doc, json("{\"pretty\": false, \"indent\": \"BAD!\"}")))
                .isEqualTo(str("[1234567890,2000000,1000000000]"));
        assertThat(call(
                        "json.marshal_with_options",
                        json("{\"foo\": \"bar\", \"bar\": \"baz\"}"),
                        json("{\"prefix\": \"> \"}")))
                .isEqualTo(str("> {\n> \t\"bar\": \"baz\",\n> \t\"foo\": \"bar\"\n> }"));
        assertThat(call("json.marshal_with_options", json("[[[]]]"), json("{\"indent\": \"  \", \"prefix\": \"-\"}")))
                .isEqualTo(str("-[\n-  [\n-    []\n-  ]\n-]"));
    }

    @Test
    void marshalWithOptionsRejectsUnknownOptions() {
        BuiltinException e = failure("json.marshal_with_options", json("[]"), json("{\"lottery\": true}"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage())
                .isEqualTo("json.marshal_with_options: operand 2 object contained unknown key \"lottery\"");
    }

    @Test
    void yamlUnmarshalReportsAMissingTokenInGoYamlsWords() {
        assertThat(failure("yaml.unmarshal", str("[1,2,3")).getMessage())
                .isEqualTo("yaml.unmarshal: yaml: line 1: did not find expected ',' or ']'");
    }
}
