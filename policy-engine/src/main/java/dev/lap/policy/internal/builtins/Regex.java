package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code regex.*} builtins on RE2J, which reads Go's RE2 syntax and reports Go's error text.
 * Go's iteration rules are reproduced on top of it: {@code FindAll} drops an empty match that
 * touches the previous match, and {@code Split} keeps Go's treatment of a trailing match.
 */
final class Regex {
    private static final BoundedCache<String, Pattern> PATTERNS = new BoundedCache<>(100);

    private Regex() {}

    static void register(BuiltinRegistry r) {
        List<Type> s2 = List.of(Type.STRING, Type.STRING);
        r.register("regex.match", s2, Type.BOOLEAN, (a, ctx) -> match("regex.match", a));
        r.registerRemovedInV1("re_match", s2, Type.BOOLEAN, (a, ctx) -> match("re_match", a));
        // OPA answers false, not a type error, for a non-string.
        r.register("regex.is_valid", List.of(Type.ANY), Type.BOOLEAN, (a, ctx) -> {
            if (!(a[0] instanceof StringValue s)) {
                return BooleanValue.FALSE;
            }
            try {
                compile("regex.is_valid", s.value());
                return BooleanValue.TRUE;
            } catch (BuiltinException e) {
                return BooleanValue.FALSE;
            }
        });
        r.register(
                "regex.split", s2, Type.ARRAY, (a, ctx) -> split(compile("regex.split", string(a, 0)), string(a, 1)));
        r.register("regex.find_n", List.of(Type.STRING, Type.STRING, Type.NUMBER), Type.ARRAY, (a, ctx) -> {
            Pattern p = compile("regex.find_n", string(a, 0));
            long n = Operands.integer("regex.find_n", a[2], 3);
            List<Value> out = new ArrayList<>();
            for (int[] m : findAll(p, string(a, 1), n)) {
                out.add(StringValue.of(string(a, 1).substring(m[0], m[1])));
            }
            return ArrayValue.of(out);
        });
        r.register(
                "regex.find_all_string_submatch_n",
                List.of(Type.STRING, Type.STRING, Type.NUMBER),
                Type.ARRAY,
                (a, ctx) -> {
                    Pattern p = compile("regex.find_all_string_submatch_n", string(a, 0));
                    long n = Operands.integer("regex.find_all_string_submatch_n", a[2], 3);
                    String s = string(a, 1);
                    List<Value> out = new ArrayList<>();
                    for (int[] m : findAll(p, s, n)) {
                        Value[] groups = new Value[m.length / 2];
                        for (int g = 0; g < groups.length; g++) {
                            groups[g] = m[2 * g] < 0
                                    ? StringValue.EMPTY
                                    : StringValue.of(s.substring(m[2 * g], m[2 * g + 1]));
                        }
                        out.add(ArrayValue.wrap(groups));
                    }
                    return ArrayValue.of(out);
                });
        r.register(
                "regex.replace",
                List.of(Type.STRING, Type.STRING, Type.STRING),
                Type.STRING,
                (a, ctx) ->
                        StringValue.of(replace(compile("regex.replace", string(a, 1)), string(a, 0), string(a, 2))));
        r.register("regex.globs_match", s2, Type.BOOLEAN, (a, ctx) -> globsMatch(a));
    }

    private static Value globsMatch(Value[] a) throws BuiltinException {
        try {
            return BooleanValue.of(GlobIntersection.nonEmpty(string(a, 0), string(a, 1)));
        } catch (GlobIntersection.InvalidGlob e) {
            throw BuiltinException.failed("regex.globs_match", e.getMessage());
        }
    }

    static Pattern compile(String builtin, String pattern) throws BuiltinException {
        try {
            return PATTERNS.get(pattern, Pattern::compile);
        } catch (PatternSyntaxException e) {
            throw BuiltinException.failed(builtin, e.getMessage());
        }
    }

    private static Value match(String name, Value[] a) throws BuiltinException {
        return BooleanValue.of(compile(name, string(a, 0)).matcher(string(a, 1)).find());
    }

    /** Go's {@code FindAll...Index}: at most {@code n} matches ({@code n < 0}: all), each as group offsets. */
    static List<int[]> findAll(Pattern p, String s, long n) {
        List<int[]> out = new ArrayList<>();
        Matcher m = p.matcher(s);
        int pos = 0;
        int prevEnd = -1;
        while ((n < 0 || out.size() < n) && pos <= s.length() && m.find(pos)) {
            boolean accept = true;
            if (m.end() == pos) {
                // An empty match right after the previous match is not a new match in Go.
                accept = m.start() != prevEnd;
                pos += pos < s.length() ? Character.charCount(s.codePointAt(pos)) : 1;
            } else {
                pos = m.end();
            }
            prevEnd = m.end();
            if (accept) {
                int[] groups = new int[2 * (m.groupCount() + 1)];
                for (int g = 0; g <= m.groupCount(); g++) {
                    groups[2 * g] = m.start(g);
                    groups[2 * g + 1] = m.end(g);
                }
                out.add(groups);
            }
        }
        return out;
    }

    /** Go's {@code Regexp.Split(s, -1)}. */
    private static ArrayValue split(Pattern p, String s) {
        if (!p.pattern().isEmpty() && s.isEmpty()) {
            return ArrayValue.of(StringValue.EMPTY);
        }
        List<Value> out = new ArrayList<>();
        int beg = 0;
        int end = 0;
        for (int[] m : findAll(p, s, -1)) {
            end = m[0];
            if (m[1] != 0) {
                out.add(StringValue.of(s.substring(beg, end)));
            }
            beg = m[1];
        }
        if (end != s.length()) {
            out.add(StringValue.of(s.substring(beg)));
        }
        return ArrayValue.of(out);
    }

    /** Go's {@code ReplaceAllString}, with its {@code $name} / {@code ${name}} expansion. */
    private static String replace(Pattern p, String s, String template) {
        StringBuilder sb = new StringBuilder();
        int last = 0;
        for (int[] m : findAll(p, s, -1)) {
            sb.append(s, last, m[0]);
            expand(sb, template, p, s, m);
            last = m[1];
        }
        return sb.append(s.substring(last)).toString();
    }

    private static void expand(StringBuilder sb, String template, Pattern p, String s, int[] m) {
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                sb.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                sb.append('$');
                i += 2;
                continue;
            }
            String name;
            int next;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                next = close + 1;
                if (close < 0 || !isName(name)) {
                    sb.append('$');
                    i++;
                    continue;
                }
            } else {
                int j = i + 1;
                while (j < template.length() && isNameChar(template.charAt(j))) {
                    j++;
                }
                name = template.substring(i + 1, j);
                next = j;
                if (name.isEmpty()) {
                    sb.append('$');
                    i++;
                    continue;
                }
            }
            int group = groupIndex(p, name);
            if (group >= 0 && 2 * group < m.length && m[2 * group] >= 0) {
                sb.append(s, m[2 * group], m[2 * group + 1]);
            }
            i = next;
        }
    }

    private static int groupIndex(Pattern p, String name) {
        if (name.chars().allMatch(Character::isDigit)) {
            try {
                return Integer.parseInt(name);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
        Integer g = p.namedGroups().get(name);
        return g == null ? -1 : g;
    }

    private static boolean isName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> isNameChar((char) c));
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
