package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import org.junit.jupiter.api.Test;

class StringsTest {
    @Test
    void concatJoinsArraysAndRejectsNonStrings() throws Exception {
        assertThat(call("concat", str("/"), json("[\"\", \"foo\", \"bar\", \"0\", \"baz\"]")))
                .isEqualTo(str("/foo/bar/0/baz"));
        BuiltinException e = failure("concat", str(","), json("[\"a\", 1]"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage())
                .isEqualTo("concat: operand 2 must be array of strings but got array containing number");
    }

    @Test
    void substringCountsRunesAndRejectsNegativeOffsets() throws Exception {
        assertThat(call("substring", str("abcdefgh"), num(2), num(3))).isEqualTo(str("cde"));
        assertThat(call("substring", str("åäö"), num(0), num(2))).isEqualTo(str("åä"));
        assertThat(call("substring", str("aåäö"), num(2), num(-1))).isEqualTo(str("äö"));
        assertThat(call("substring", str("abcdefghåäö"), num(2), num(10000))).isEqualTo(str("cdefghåäö"));
        assertThat(call("substring", str("åäö"), num(3), num(-1))).isEqualTo(str(""));
        BuiltinException e = failure("substring", str("aaa"), num(-1), num(-1));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("substring: negative offset");
    }

    @Test
    void indexofCountsRunes() throws Exception {
        assertThat(call("indexof", str("abcabcabcdefgh"), str("cde"))).isEqualTo(num(8));
        assertThat(call("indexof", str("μx"), str("x"))).isEqualTo(num(1));
        assertThat(call("indexof", str("🍧🍨🧁🍰🍮"), str("🍮"))).isEqualTo(num(4));
        assertThat(call("indexof", str("abcdefgh"), str("xyz"))).isEqualTo(num(-1));
        assertThat(call("indexof_n", str("😇😀😇😀😇😀"), str("😀"))).isEqualTo(json("[1, 3, 5]"));
        assertThat(failure("indexof", str("a"), str("")).getMessage()).isEqualTo("indexof: empty search character");
    }

    @Test
    void splitAndSplitNFollowGo() throws Exception {
        assertThat(call("split", str("test"), str(""))).isEqualTo(json("[\"t\", \"e\", \"s\", \"t\"]"));
        assertThat(call("split", str(""), str(""))).isEqualTo(json("[]"));
        assertThat(call("split", str(""), str("."))).isEqualTo(json("[\"\"]"));
        assertThat(call("strings.split_n", str("a.b.c.d"), str("."), num(2))).isEqualTo(json("[\"a\", \"b\"]"));
        assertThat(call("strings.split_n", str("a.b.c.d"), str("."), num(-2))).isEqualTo(json("[\"c\", \"d\"]"));
        assertThat(call("strings.split_n", str("abc"), str(""), num(-2))).isEqualTo(json("[\"b\", \"c\"]"));
        assertThat(failure("strings.split_n", str("a.b.c"), str("."), num("1.5"))
                        .getMessage())
                .isEqualTo("strings.split_n: operand 3 must be integer number but got floating-point number");
    }

    @Test
    void replaceAndTrimFollowGo() throws Exception {
        assertThat(call("replace", str("foo...bar"), str(".."), str(",,"))).isEqualTo(str("foo,,.bar"));
        assertThat(call("trim", str("...foo.bar..."), str(".fr"))).isEqualTo(str("oo.ba"));
        assertThat(call("trim_left", str("..a.."), str("."))).isEqualTo(str("a.."));
        assertThat(call("trim_right", str("..a.."), str("."))).isEqualTo(str("..a"));
        assertThat(call("trim_prefix", str("foo.bar"), str("foo."))).isEqualTo(str("bar"));
        assertThat(call("trim_suffix", str("foo.bar"), str(".bar"))).isEqualTo(str("foo"));
        assertThat(call("trim_space", str("\t\u00a0 hi \n"))).isEqualTo(str("hi"));
    }

    @Test
    void replaceNAppliesPatternsInKeyOrderWithoutOverlap() throws Exception {
        assertThat(call("strings.replace_n", json("{\"<\": \"&lt;\", \">\": \"&gt;\"}"), str("<p>")))
                .isEqualTo(str("&lt;p&gt;"));
        assertThat(call("strings.replace_n", json("{\"a\": \"b\", \"b\": \"c\"}"), str("ab")))
                .isEqualTo(str("bc"));
        assertThat(failure("strings.replace_n", json("{\"a\": 1}"), str("x")).getMessage())
                .isEqualTo("strings.replace_n: operand 1 non-string value found in pattern object");
    }

    @Test
    void caseMappingIsRuneByRune() throws Exception {
        assertThat(call("lower", str("AbCdEf"))).isEqualTo(str("abcdef"));
        assertThat(call("upper", str("AbCdEf"))).isEqualTo(str("ABCDEF"));
        assertThat(call("upper", str("straße"))).isEqualTo(str("STRAßE"));
    }

    @Test
    void formatIntTruncatesAndIsExactOnBigIntegers() throws Exception {
        assertThat(call("format_int", num("15.5"), num(16))).isEqualTo(str("f"));
        assertThat(call("format_int", num("-15.9"), num(16))).isEqualTo(str("-f"));
        assertThat(call("format_int", num("18446744073709551617"), num(8))).isEqualTo(str("2000000000000000000001"));
        BuiltinException e = failure("format_int", num("4.1"), num(199));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(e.getMessage()).isEqualTo("format_int: operand 2 must be one of {2, 8, 10, 16}");
    }

    @Test
    void anyPrefixMatchAcceptsStringsArraysAndSets() throws Exception {
        assertThat(call("strings.any_prefix_match", json("[\"a/b/c\", \"e/f/g\"]"), json("[\"f/\", \"e/f/g\"]")))
                .isEqualTo(json("true"));
        assertThat(call("strings.any_prefix_match", json("[\"aa/bb/cc\"]"), str("a/b")))
                .isEqualTo(json("false"));
        assertThat(call("strings.any_suffix_match", str("a/b/c"), json("[\"/c\", \"/a\"]")))
                .isEqualTo(json("true"));
        BuiltinException e = failure("strings.any_prefix_match", num(1), json("[\"f/\"]"));
        assertThat(e.getMessage())
                .isEqualTo("strings.any_prefix_match: operand 1 must be one of {string, set, array} but got number");
        assertThat(failure("strings.any_suffix_match", json("[\"a\"]"), json("[1, 2]"))
                        .getMessage())
                .isEqualTo(
                        "strings.any_suffix_match: operand 2 must be array of strings but got array containing number");
    }

    @Test
    void reverseAndCountWorkOnRunes() throws Exception {
        assertThat(call("strings.reverse", str("1\ud83d\ude00\ud835\udefe")))
                .isEqualTo(str("\ud835\udefe\ud83d\ude001"));
        assertThat(call("strings.count", str("dummy"), str(""))).isEqualTo(num(6));
        assertThat(call("strings.count", str("11111"), str("11"))).isEqualTo(num(2));
        assertThat(failure("strings.reverse", num(123)).getMessage())
                .isEqualTo("strings.reverse: operand 1 must be string but got number");
    }

    @Test
    void sprintfFormatsLikeGo() throws Exception {
        assertThat(call("sprintf", str("hi %02d"), json("[5]"))).isEqualTo(str("hi 05"));
        assertThat(call("sprintf", str("hi %02X.%02X"), json("[127, 1]"))).isEqualTo(str("hi 7F.01"));
        assertThat(call("sprintf", str("hi %.2f"), json("[3.1415]"))).isEqualTo(str("hi 3.14"));
        assertThat(call("sprintf", str("hi %s"), json("[true]"))).isEqualTo(str("hi true"));
        assertThat(call("sprintf", str("%s"), json("[123456789123456789123]"))).isEqualTo(str("123456789123456789123"));
        assertThat(call("sprintf", str("hi %v"), json("[2e308]"))).isEqualTo(str("hi 2e308"));
        assertThat(call("sprintf", str("%s|%d|%q"), json("[5, \"x\", \"a\\\"b\"]")))
                .isEqualTo(str("%!s(int=5)|%!d(string=x)|\"a\\\"b\""));
        assertThat(call("sprintf", str("%v %v"), json("[1e6, 0.5]"))).isEqualTo(str("1000000 0.5"));
        assertThat(call("sprintf", str("%d %d"), json("[1]"))).isEqualTo(str("1 %!d(MISSING)"));
    }

    @Test
    void sprintfFormatsCompositesLikeOpa() throws Exception {
        assertThat(call("sprintf", str("hi %v"), json("[[\"there\", 5, 3.14]]")))
                .isEqualTo(str("hi [\"there\", 5, 3.14]"));
        dev.lap.policy.value.SetValue set = dev.lap.policy.value.SetValue.of(num(2), num(1));
        assertThat(call(
                        "sprintf",
                        str("%v %v"),
                        dev.lap.policy.value.ArrayValue.of(set, dev.lap.policy.value.SetValue.EMPTY)))
                .isEqualTo(str("{1, 2} set()"));
        assertThat(call("sprintf", str("%v"), json("[{\"b\": [null], \"a\": true}]")))
                .isEqualTo(str("{\"a\": true, \"b\": [null]}"));
    }
}
