package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * String functions with Go's semantics: indexes and lengths count runes (code points), case
 * mapping is rune by rune (so {@code upper("ß")} stays {@code "ß"}), and whitespace is Go's.
 */
final class Strings {
    private Strings() {}

    static void register(BuiltinRegistry r) {
        List<Type> s1 = List.of(Type.STRING);
        List<Type> s2 = List.of(Type.STRING, Type.STRING);
        r.register("strings.render_template", List.of(Type.STRING, Type.OBJECT), Type.STRING, (a, ctx) -> {
            try {
                return StringValue.of(GoTemplate.render(string(a, 0), (ObjectValue) a[1], ctx));
            } catch (GoTemplate.TemplateException e) {
                throw BuiltinException.failed("strings.render_template", e.getMessage());
            }
        });
        r.register("concat", List.of(Type.STRING, Type.oneOf(Type.SET, Type.ARRAY)), Type.STRING, Strings::concat);
        r.register(
                "contains",
                s2,
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(string(a, 0).contains(string(a, 1))));
        r.register(
                "startswith",
                s2,
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(string(a, 0).startsWith(string(a, 1))));
        r.register(
                "endswith",
                s2,
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(string(a, 0).endsWith(string(a, 1))));
        r.register("lower", s1, Type.STRING, (a, ctx) -> mapRunes(a[0], Character::toLowerCase));
        r.register("upper", s1, Type.STRING, (a, ctx) -> mapRunes(a[0], Character::toUpperCase));
        r.register("split", s2, Type.ARRAY, (a, ctx) -> strings(split(string(a, 0), string(a, 1))));
        r.register("strings.split_n", List.of(Type.STRING, Type.STRING, Type.NUMBER), Type.ARRAY, Strings::splitN);
        r.register(
                "replace",
                List.of(Type.STRING, Type.STRING, Type.STRING),
                Type.STRING,
                (a, ctx) -> StringValue.of(replace(string(a, 0), List.of(string(a, 1)), List.of(string(a, 2)))));
        r.register("strings.replace_n", List.of(Type.OBJECT, Type.STRING), Type.STRING, Strings::replaceN);
        r.register("trim", s2, Type.STRING, (a, ctx) -> trim(a[0], string(a, 1), true, true));
        r.register("trim_left", s2, Type.STRING, (a, ctx) -> trim(a[0], string(a, 1), true, false));
        r.register("trim_right", s2, Type.STRING, (a, ctx) -> trim(a[0], string(a, 1), false, true));
        r.register("trim_prefix", s2, Type.STRING, (a, ctx) -> {
            String s = string(a, 0);
            String p = string(a, 1);
            return s.startsWith(p) ? StringValue.of(s.substring(p.length())) : a[0];
        });
        r.register("trim_suffix", s2, Type.STRING, (a, ctx) -> {
            String s = string(a, 0);
            String p = string(a, 1);
            return s.endsWith(p) ? StringValue.of(s.substring(0, s.length() - p.length())) : a[0];
        });
        r.register("trim_space", s1, Type.STRING, (a, ctx) -> trimSpace(string(a, 0)));
        r.register(
                "sprintf",
                List.of(Type.STRING, Type.ARRAY),
                Type.STRING,
                (a, ctx) -> StringValue.of(GoFormat.sprintf(string(a, 0), ((ArrayValue) a[1]).asList())));
        r.register("format_int", List.of(Type.NUMBER, Type.NUMBER), Type.STRING, Strings::formatInt);
        r.register("indexof", s2, Type.NUMBER, (a, ctx) -> {
            List<Integer> found = indexes("indexof", string(a, 0), string(a, 1), true);
            return NumberValue.of(found.isEmpty() ? -1 : found.get(0));
        });
        r.register("indexof_n", s2, Type.ARRAY, (a, ctx) -> {
            List<Value> out = new ArrayList<>();
            for (int i : indexes("indexof_n", string(a, 0), string(a, 1), false)) {
                out.add(NumberValue.of(i));
            }
            return ArrayValue.of(out);
        });
        r.register("substring", List.of(Type.STRING, Type.NUMBER, Type.NUMBER), Type.STRING, Strings::substring);
        Type matchable = Type.oneOf(Type.STRING, Type.SET, Type.ARRAY);
        r.register(
                "strings.any_prefix_match",
                List.of(matchable, matchable),
                Type.BOOLEAN,
                (a, ctx) -> anyMatch("strings.any_prefix_match", a, false));
        r.register(
                "strings.any_suffix_match",
                List.of(matchable, matchable),
                Type.BOOLEAN,
                (a, ctx) -> anyMatch("strings.any_suffix_match", a, true));
        r.register("strings.reverse", s1, Type.STRING, (a, ctx) -> StringValue.of(reverse(string(a, 0))));
        r.register("strings.count", s2, Type.NUMBER, (a, ctx) -> NumberValue.of(count(string(a, 0), string(a, 1))));
    }

    private static Value concat(Value[] a, BuiltinContext ctx) throws BuiltinException {
        return StringValue.of(String.join(string(a, 0), Operands.strings("concat", a[1], 2)));
    }

    private static Value mapRunes(Value v, IntUnaryOperator f) {
        String s = ((StringValue) v).value();
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().map(f).forEach(sb::appendCodePoint);
        String out = sb.toString();
        return out.equals(s) ? v : StringValue.of(out);
    }

    private static ArrayValue strings(List<String> parts) {
        Value[] out = new Value[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = StringValue.of(parts.get(i));
        }
        return ArrayValue.wrap(out);
    }

    /** Go's {@code strings.Split}: an empty separator splits into runes. */
    static List<String> split(String s, String sep) {
        List<String> out = new ArrayList<>();
        if (sep.isEmpty()) {
            s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
            return out;
        }
        int from = 0;
        int at;
        while ((at = s.indexOf(sep, from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    /** The first {@code n} parts, or the last {@code -n} when negative. */
    private static Value splitN(Value[] a, BuiltinContext ctx) throws BuiltinException {
        long n = Operands.integer("strings.split_n", a[2], 3);
        List<String> parts = split(string(a, 0), string(a, 1));
        int size = parts.size();
        int take = (int) Math.min(Math.abs(n), size);
        return strings(n >= 0 ? parts.subList(0, take) : parts.subList(size - take, size));
    }

    /**
     * Go's {@code strings.Replacer}: one left-to-right pass; at each position the first pair (in
     * argument order) whose old text matches wins; an empty old text matches between runes and at
     * the end.
     */
    static String replace(String s, List<String> olds, List<String> news) {
        if (olds.size() == 1 && !olds.get(0).isEmpty()) {
            return s.replace(olds.get(0), news.get(0));
        }
        StringBuilder sb = new StringBuilder(s.length());
        int i = 0;
        while (i <= s.length()) {
            int match = -1;
            for (int k = 0; k < olds.size(); k++) {
                if (s.startsWith(olds.get(k), i)) {
                    match = k;
                    break;
                }
            }
            if (match >= 0 && !olds.get(match).isEmpty()) {
                sb.append(news.get(match));
                i += olds.get(match).length();
                continue;
            }
            if (match >= 0) {
                sb.append(news.get(match));
            }
            if (i == s.length()) {
                break;
            }
            int c = s.codePointAt(i);
            sb.appendCodePoint(c);
            i += Character.charCount(c);
        }
        return sb.toString();
    }

    private static Value replaceN(Value[] a, BuiltinContext ctx) throws BuiltinException {
        ObjectValue patterns = (ObjectValue) a[0];
        List<String> olds = new ArrayList<>();
        List<String> news = new ArrayList<>();
        for (int i = 0; i < patterns.size(); i++) {
            if (!(patterns.keyAt(i) instanceof StringValue k)) {
                throw BuiltinException.type("strings.replace_n", "operand 1 non-string key found in pattern object");
            }
            if (!(patterns.valueAt(i) instanceof StringValue v)) {
                throw BuiltinException.type("strings.replace_n", "operand 1 non-string value found in pattern object");
            }
            olds.add(k.value());
            news.add(v.value());
        }
        String s = string(a, 1);
        return StringValue.of(olds.isEmpty() ? s : replace(s, olds, news));
    }

    private static Value trim(Value v, String cutset, boolean left, boolean right) {
        String s = ((StringValue) v).value();
        int from = 0;
        int to = s.length();
        while (left && from < to && cutset.indexOf(s.codePointAt(from)) >= 0) {
            from += Character.charCount(s.codePointAt(from));
        }
        while (right && to > from && cutset.indexOf(s.codePointBefore(to)) >= 0) {
            to -= Character.charCount(s.codePointBefore(to));
        }
        return from == 0 && to == s.length() ? v : StringValue.of(s.substring(from, to));
    }

    private static Value trimSpace(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isGoSpace(s.codePointAt(from))) {
            from += Character.charCount(s.codePointAt(from));
        }
        while (to > from && isGoSpace(s.codePointBefore(to))) {
            to -= Character.charCount(s.codePointBefore(to));
        }
        return StringValue.of(s.substring(from, to));
    }

    /** Go's {@code unicode.IsSpace}: ASCII white space, NEL, NBSP and the Unicode space separators. */
    static boolean isGoSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            default ->
                c > 0xFF
                        && (Character.getType(c) == Character.SPACE_SEPARATOR
                                || Character.getType(c) == Character.LINE_SEPARATOR
                                || Character.getType(c) == Character.PARAGRAPH_SEPARATOR);
        };
    }

    private static Value formatInt(Value[] a, BuiltinContext ctx) throws BuiltinException {
        NumberValue n = Operands.number(a, 0);
        Integer base = Operands.number(a, 1).intValueExact();
        if (base == null || (base != 2 && base != 8 && base != 10 && base != 16)) {
            throw BuiltinException.type("format_int", "operand 2 must be one of {2, 8, 10, 16}");
        }
        BigInteger whole = n.bigDecimalValue().setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        return StringValue.of(whole.toString(base));
    }

    /** Rune offsets of {@code search} in {@code base}; only the first when {@code first}. */
    private static List<Integer> indexes(String name, String base, String search, boolean first)
            throws BuiltinException {
        if (search.isEmpty()) {
            throw BuiltinException.failed(name, "empty search character");
        }
        List<Integer> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = base.indexOf(search, from)) >= 0) {
            out.add(base.codePointCount(0, at));
            if (first) {
                break;
            }
            from = at + Character.charCount(base.codePointAt(at));
        }
        return out;
    }

    private static Value substring(Value[] a, BuiltinContext ctx) throws BuiltinException {
        long start = Operands.integer("substring", a[1], 2);
        long length = Operands.integer("substring", a[2], 3);
        if (start < 0) {
            throw BuiltinException.failed("substring", "negative offset");
        }
        String s = string(a, 0);
        int runes = s.codePointCount(0, s.length());
        if (start >= runes) {
            return StringValue.EMPTY;
        }
        int from = s.offsetByCodePoints(0, (int) start);
        if (length < 0 || start + length >= runes) {
            return from == 0 ? a[0] : StringValue.of(s.substring(from));
        }
        return StringValue.of(s.substring(from, s.offsetByCodePoints(from, (int) length)));
    }

    private static Value anyMatch(String name, Value[] a, boolean suffix) throws BuiltinException {
        List<String> subjects = a[0] instanceof StringValue s ? List.of(s.value()) : Operands.strings(name, a[0], 1);
        List<String> affixes = a[1] instanceof StringValue s ? List.of(s.value()) : Operands.strings(name, a[1], 2);
        for (String subject : subjects) {
            for (String affix : affixes) {
                if (suffix ? subject.endsWith(affix) : subject.startsWith(affix)) {
                    return BooleanValue.TRUE;
                }
            }
        }
        return BooleanValue.FALSE;
    }

    static String reverse(String s) {
        int[] runes = Operands.runes(s);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = runes.length - 1; i >= 0; i--) {
            sb.appendCodePoint(runes[i]);
        }
        return sb.toString();
    }

    /** Go's {@code strings.Count}: non-overlapping; an empty needle counts rune boundaries. */
    private static long count(String s, String sub) {
        if (sub.isEmpty()) {
            return s.codePointCount(0, s.length()) + 1L;
        }
        long n = 0;
        int from = 0;
        int at;
        while ((at = s.indexOf(sub, from)) >= 0) {
            n++;
            from = at + sub.length();
        }
        return n;
    }
}
