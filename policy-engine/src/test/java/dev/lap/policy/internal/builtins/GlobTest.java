package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class GlobTest {
    private static Value glob(String pattern, String delimiters, String subject) throws BuiltinException {
        return call("glob.match", str(pattern), json(delimiters), str(subject));
    }

    @Test
    void starStopsAtDelimitersAndDoubleStarDoesNot() throws Exception {
        assertThat(glob("*.github.com", "[\".\"]", "api.github.com")).isEqualTo(json("true"));
        assertThat(glob("*.github.com", "[\".\"]", "api.cdn.github.com")).isEqualTo(json("false"));
        assertThat(glob("api.**.com", "[\".\"]", "api.cdn.github.com")).isEqualTo(json("true"));
        assertThat(glob("*:github:com", "[\":\"]", "api:github:com")).isEqualTo(json("true"));
        assertThat(glob("*.github.com", "[\".\"]", "api.not-github.com")).isEqualTo(json("false"));
    }

    @Test
    void emptyDelimitersMeanDotAndNullMeansNone() throws Exception {
        assertThat(glob("*", "[]", "foo.bar")).isEqualTo(json("false"));
        assertThat(glob("*", "null", "foo.bar")).isEqualTo(json("true"));
        assertThat(glob("foo*", "null", "foo.bar")).isEqualTo(json("true"));
    }

    @Test
    void classesSinglesAndAlternatives() throws Exception {
        assertThat(glob("[abc]at", "[]", "cat")).isEqualTo(json("true"));
        assertThat(glob("[!abc]at", "[]", "cat")).isEqualTo(json("false"));
        assertThat(glob("[!a-c]at", "[]", "fat")).isEqualTo(json("true"));
        assertThat(glob("?at", "[]", "at")).isEqualTo(json("false"));
        assertThat(glob("?at", "[\"f\"]", "fat")).isEqualTo(json("false"));
        assertThat(glob("{cat,bat,[fr]at}", "[]", "rat")).isEqualTo(json("true"));
        assertThat(glob("{cat,bat,[fr]at}", "[]", "at")).isEqualTo(json("false"));
        assertThat(glob("\\*.a", "[]", "*.a")).isEqualTo(json("true"));
        assertThat(glob("\\*.a", "[]", "b.a")).isEqualTo(json("false"));
    }

    @Test
    void delimitersMustBeSingleRunes() {
        assertThat(failure("glob.match", str("*"), json("[\"ab\"]"), str("x")).getMessage())
                .isEqualTo("glob.match: operand 2 must be array of runes but got array containing string");
    }

    @Test
    void quoteMetaEscapesGlobSyntax() throws Exception {
        assertThat(call("glob.quote_meta", str("*.github.com"))).isEqualTo(str("\\*.github.com"));
        assertThat(call("glob.quote_meta", str("[a]{b}?\\"))).isEqualTo(str("\\[a\\]\\{b\\}\\?\\\\"));
    }
}
