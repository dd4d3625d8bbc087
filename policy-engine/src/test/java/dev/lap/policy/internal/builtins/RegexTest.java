package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.BooleanValue;
import org.junit.jupiter.api.Test;

class RegexTest {
    @Test
    void matchSearchesUnanchored() throws Exception {
        assertThat(call("regex.match", str("^[a-z]+\\[[0-9]+\\]$"), str("foo[1]")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("regex.match", str(""), str("x"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("regex.match", str("^$"), str("something"))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void invalidPatternIsABuiltinErrorWithGosText() {
        BuiltinException e = failure("regex.match", str("$^[[["), str("something"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("regex.match: error parsing regexp: missing closing ]: `[[[`");
    }

    @Test
    void isValidIsFalseForBadPatternsAndNonStrings() throws Exception {
        assertThat(call("regex.is_valid", str(".+"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("regex.is_valid", str("++"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("regex.is_valid", num(10))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void splitFollowsGo() throws Exception {
        assertThat(call("regex.split", str("a"), str("banana"))).isEqualTo(json("[\"b\", \"n\", \"n\", \"\"]"));
        assertThat(call("regex.split", str("z+"), str("pizza"))).isEqualTo(json("[\"pi\", \"a\"]"));
        assertThat(call("regex.split", str("a"), str(""))).isEqualTo(json("[\"\"]"));
    }

    @Test
    void findNAndSubmatchesFollowGo() throws Exception {
        assertThat(call("regex.find_n", str("a."), str("paranormal"), num(2))).isEqualTo(json("[\"ar\", \"an\"]"));
        assertThat(call("regex.find_n", str("a."), str("paranormal"), num(-1)))
                .isEqualTo(json("[\"ar\", \"an\", \"al\"]"));
        assertThat(call("regex.find_n", str("bork"), str("paranormal"), num(-1)))
                .isEqualTo(json("[]"));
        assertThat(call("regex.find_all_string_submatch_n", str("a(x*)b"), str("-axxb-ab-"), num(-1)))
                .isEqualTo(json("[[\"axxb\", \"xx\"], [\"ab\", \"\"]]"));
        assertThat(call(
                        "regex.find_all_string_submatch_n",
                        str("[^aouiye]([aouiye])([^aouiye])?"),
                        str("somestri"),
                        num(-1)))
                .isEqualTo(json("[[\"som\", \"o\", \"m\"], [\"ri\", \"i\", \"\"]]"));
        // Go skips an empty match that touches the previous match.
        assertThat(call("regex.find_n", str("a*"), str("baaac"), num(-1))).isEqualTo(json("[\"\", \"aaa\", \"\"]"));
    }

    @Test
    void replaceExpandsGroupsLikeGo() throws Exception {
        assertThat(call("regex.replace", str("-wy-wxxy-"), str("w(x*)y"), str("0")))
                .isEqualTo(str("-0-0-"));
        assertThat(call("regex.replace", str("foo"), str("(foo)"), str("$1$1"))).isEqualTo(str("foofoo"));
        assertThat(call("regex.replace", str("foo barx"), str("[a-z]{2}"), str("_")))
                .isEqualTo(str("_o __"));
        assertThat(call("regex.replace", str("foo"), str("(?P<w>o)"), str("${w}0")))
                .isEqualTo(str("fo0o0"));
        assertThat(call("regex.replace", str("foo"), str("(o)"), str("$1x"))).isEqualTo(str("f"));
        assertThat(failure("regex.replace", str("foo"), str("["), str("$1")).code())
                .isEqualTo(RegoError.EVAL_BUILTIN);
    }
}
