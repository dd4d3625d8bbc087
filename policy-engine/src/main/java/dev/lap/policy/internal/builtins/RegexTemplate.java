package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import com.google.re2j.Pattern;
import dev.lap.policy.value.BooleanValue;
import java.util.List;

/**
 * {@code regex.template_match(template, value, start, end)}: text outside the delimiters matches
 * literally, text inside them is a regular expression, and the whole value must match, as in
 * OPA (which took the scheme from gorilla/mux routes: {@code urn:foo:{.*}}).
 */
final class RegexTemplate {
    private RegexTemplate() {}

    private static final String NAME = "regex.template_match";

    static void register(BuiltinRegistry r) {
        r.register(NAME, List.of(Type.STRING, Type.STRING, Type.STRING, Type.STRING), Type.BOOLEAN, (a, ctx) -> {
            String start = string(a, 2);
            String end = string(a, 3);
            if (start.codePointCount(0, start.length()) != 1 || end.codePointCount(0, end.length()) != 1) {
                throw BuiltinException.failed(NAME, "delimiters must be single characters");
            }
            String regex = toRegex(string(a, 0), start.codePointAt(0), end.codePointAt(0));
            Pattern p = Regex.compile(NAME, regex);
            return BooleanValue.of(p.matcher(string(a, 1)).matches());
        });
    }

    /** Literal parts quoted, delimited parts kept (nested delimiters belong to the regex). */
    private static String toRegex(String template, int open, int close) throws BuiltinException {
        StringBuilder out = new StringBuilder("^");
        StringBuilder literal = new StringBuilder();
        int level = 0;
        int exprStart = -1;
        for (int i = 0; i < template.length(); ) {
            int c = template.codePointAt(i);
            int next = i + Character.charCount(c);
            if (c == open) {
                if (level++ == 0) {
                    out.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                    exprStart = next;
                }
            } else if (c == close && level > 0) {
                if (--level == 0) {
                    out.append('(').append(template, exprStart, i).append(')');
                }
            } else if (level == 0) {
                literal.appendCodePoint(c);
            }
            i = next;
        }
        if (level != 0) {
            throw BuiltinException.failed(NAME, "unbalanced braces in template " + GoFormat.quote(template));
        }
        return out.append(Pattern.quote(literal.toString())).append('$').toString();
    }
}
