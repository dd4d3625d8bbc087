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

    @Test
    void globsMatchFindsACommonString() throws Exception {
        String[][] nonEmpty = {
            {"abcd", "abcd"},
            {"abcd", "...."},
            {"abcd", "[a-d]*"},
            {"pqrs", "pq.s"},
            {".*", "asdklfj"},
            {"d*", "[abcd][abcd]"},
            {"d*", "d[a-z]+"},
            {"[a-p]+", "[p-z]+"},
            {"[a-p]+", "abcdefgh*"},
            {"abcd[a-c]z+", "abcd[b-d][yz]*"},
            {".*\\\\", "asdfasdf\\\\"},
            {".a.a", "b.b."},
            {".*.*.*.*.*.*.*.*.*.*.*.*.*.*.*", ".*.*.*.*.*.*.*.*.*.*.*"},
            {"foo.*bar", "fooalkdsjfbar"},
            {"[ab]+c", "[bc]+"},
            {"[ab]+c", "[bc]*"},
            {"a.a.[0-9]+z", ".b.b2359825792*594823z"},
            {"[a-z]+\\[[0-9]+\\]", "foo\\[1\\]"},
            {"", ""},
        };
        for (String[] c : nonEmpty) {
            assertThat(call("regex.globs_match", str(c[0]), str(c[1])))
                    .as("%s vs %s", c[0], c[1])
                    .isEqualTo(BooleanValue.TRUE);
        }
    }

    @Test
    void globsMatchIsFalseWithoutACommonString() throws Exception {
        String[][] empty = {
            {"abcd", "abcdla"},
            {"[a-d]+", "xyz"},
            {"[a-d]+", "p+"},
            {"[a-d]+", "[e-f]+"},
            {"[0-9]*", "[a-z]"},
            {"[0-9]*", ".\\*"},
            {"mamama.*", "dadada.*"},
            {".*mamama", ".*nanana"},
            {".xyz.", ".*pqr.*"},
            {"ab+", "a"},
            {"ab+", "abc"},
            {".*.*.*.*f", ".*.*.*.*g"},
            {".*", ""},
            {"[a-z]+", "[0-9]*"},
            {"[a-z]+\\[[0-9]+\\]", "foo[\"bar\"]"},
            {"[]", "a"},
        };
        for (String[] c : empty) {
            assertThat(call("regex.globs_match", str(c[0]), str(c[1])))
                    .as("%s vs %s", c[0], c[1])
                    .isEqualTo(BooleanValue.FALSE);
        }
        // '?' is an ordinary character, not a quantifier.
        assertThat(call("regex.globs_match", str("a?"), str("a"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("regex.globs_match", str("a?"), str("a."))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void globsMatchReportsInvalidGlobsWithThePackagesText() {
        String[][] bad = {
            {"pqrs]", "input:pqrs], pos:5, set-close ']' with no preceding '['"},
            {"+a", "input:+a, pos:1, flag '+' must be preceded by a non-flag"},
            {"a**", "input:a**, pos:3, flag '*' must be preceded by a non-flag"},
            {"[a-", "input:[a-, pos:3, range character '-' must be followed by a Unicode character"},
            {"[-a]", "input:[-a], pos:2, range character '-' must be preceded by a Unicode character"},
            {"[a-]]", "input:[a-]], pos:4, range character '-' cannot be followed by a special symbol"},
            {"[z-a]", "input:[z-a], pos:4, range is out of order: 'a' comes before 'z' in Unicode"},
            {"[ab", "input:[ab, pos:3, found [ without matching ]"},
            {"ab\\", "input:ab\\, pos:2, input ends with a \\ (escape) character"},
        };
        for (String[] c : bad) {
            BuiltinException e = failure("regex.globs_match", str("a"), str(c[0]));
            assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
            assertThat(e.getMessage()).isEqualTo("regex.globs_match: " + c[1] + ": the input provided is invalid");
        }
    }
}
