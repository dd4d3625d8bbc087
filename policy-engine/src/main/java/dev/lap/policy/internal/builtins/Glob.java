package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import com.google.re2j.Pattern;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;

/**
 * {@code glob.match} and {@code glob.quote_meta} with the syntax of gobwas/glob, which OPA uses:
 * {@code *} (any run without a delimiter), {@code **} (any run), {@code ?} (one non-delimiter),
 * {@code [a-z]}, {@code [!abc]}, {@code {a,b}} and {@code \} escapes. A glob is translated to an
 * RE2J pattern, so matching is linear whatever the glob.
 */
final class Glob {
    private static final BoundedCache<Key, Compiled> GLOBS = new BoundedCache<>(1000);

    private record Key(String glob, String delimiters) {}

    /** A compiled glob: matched directly when it is simple, through RE2J otherwise. */
    private record Compiled(
            @org.jspecify.annotations.Nullable SimpleGlob simple,
            @org.jspecify.annotations.Nullable Pattern regex) {
        boolean matches(String s) {
            return simple != null ? simple.matches(s) : regex.matcher(s).matches();
        }
    }

    /**
     * The globs matched most recently, found by the identity of their strings: a policy's globs
     * are constants whose strings are the same objects on every call, so this finds them without
     * building a {@link Key} and hashing both strings. A small direct-mapped table of immutable
     * entries, safe to share between threads (a lost update only costs a lookup in GLOBS).
     */
    private static final RecentGlobs LAST = new RecentGlobs();

    private static final class RecentGlobs {
        private record Entry(String glob, String delimiters, Compiled compiled) {}

        private static final int SIZE = 64;
        private final Entry[] entries = new Entry[SIZE];

        @org.jspecify.annotations.Nullable Compiled get(String glob, String delimiters) {
            Entry e = entries[System.identityHashCode(glob) & (SIZE - 1)];
            return e != null && e.glob == glob && e.delimiters.equals(delimiters) ? e.compiled : null;
        }

        void put(String glob, String delimiters, Compiled c) {
            entries[System.identityHashCode(glob) & (SIZE - 1)] = new Entry(glob, delimiters, c);
        }
    }

    private static final String SPECIALS = "*?\\[]{}";

    private Glob() {}

    static void register(BuiltinRegistry r) {
        r.register(
                "glob.match",
                List.of(Type.STRING, Type.oneOf(Type.NULL, Type.ARRAY), Type.STRING),
                Type.BOOLEAN,
                Glob::match);
        r.register("glob.quote_meta", List.of(Type.STRING), Type.STRING, (a, ctx) -> {
            StringBuilder sb = new StringBuilder();
            string(a, 0).codePoints().forEach(c -> {
                if (c < 128 && SPECIALS.indexOf(c) >= 0) {
                    sb.append('\\');
                }
                sb.appendCodePoint(c);
            });
            return StringValue.of(sb.toString());
        });
    }

    private static Value match(Value[] a, BuiltinContext ctx) throws BuiltinException {
        String delimiters;
        if (a[1] instanceof NullValue) {
            delimiters = "";
        } else if (a[1] instanceof ArrayValue arr
                && arr.size() == 1
                && arr.get(0) instanceof StringValue one
                && one.value().length() == 1
                && !Character.isSurrogate(one.value().charAt(0))) {
            // One single-character delimiter, as nearly every policy writes it: the string itself.
            delimiters = one.value();
        } else {
            StringBuilder sb = new StringBuilder();
            for (Value d : ((ArrayValue) a[1]).asList()) {
                if (!(d instanceof StringValue s)) {
                    throw Operands.elementError("glob.match", 2, a[1], d, "string");
                }
                if (s.value().codePointCount(0, s.value().length()) != 1) {
                    throw Operands.elementError("glob.match", 2, a[1], d, "rune");
                }
                sb.append(s.value());
            }
            // An empty list means the default delimiter; null means none.
            delimiters = sb.isEmpty() ? "." : sb.toString();
        }
        String glob = string(a, 0);
        String delims = delimiters;
        Compiled c = LAST.get(glob, delims);
        if (c == null) {
            c = compiled(glob, delims);
        }
        return BooleanValue.of(c.matches(string(a, 2)));
    }

    private static Compiled compiled(String glob, String delims) throws BuiltinException {
        Compiled c = GLOBS.get(new Key(glob, delims), key -> {
            // The RE2 translation also validates the glob, so a bad one fails the same way.
            Pattern regex = compile(glob, delims);
            SimpleGlob simple = SimpleGlob.of(glob, delims);
            return new Compiled(simple, simple == null ? regex : null);
        });
        LAST.put(glob, delims, c);
        return c;
    }

    static Pattern compile(String glob, String delimiters) throws BuiltinException {
        Translator t = new Translator(glob, delimiters);
        t.sequence(false);
        if (t.pos < glob.length()) {
            throw BuiltinException.failed("glob.match", "unexpected '" + glob.charAt(t.pos) + "' in glob " + glob);
        }
        return Pattern.compile(t.out.toString(), Pattern.DOTALL);
    }

    /** A recursive-descent reader of the glob that writes the equivalent regular expression. */
    private static final class Translator {
        final String glob;
        final String notDelimiter;
        final StringBuilder out = new StringBuilder();
        int pos;

        Translator(String glob, String delimiters) {
            this.glob = glob;
            this.notDelimiter = delimiters.isEmpty() ? "." : "[^" + quoteClass(delimiters) + "]";
        }

        /** Reads up to the end, or inside braces up to the {@code ,} or {@code }} that ends an alternative. */
        void sequence(boolean inBraces) throws BuiltinException {
            while (pos < glob.length()) {
                int c = glob.codePointAt(pos);
                if (inBraces && (c == ',' || c == '}')) {
                    return;
                }
                pos += Character.charCount(c);
                switch (c) {
                    case '*' -> {
                        if (pos < glob.length() && glob.charAt(pos) == '*') {
                            pos++;
                            out.append(".*");
                        } else {
                            out.append(notDelimiter).append('*');
                        }
                    }
                    case '?' -> out.append(notDelimiter);
                    case '[' -> charClass();
                    case '{' -> alternatives();
                    case '\\' -> {
                        if (pos >= glob.length()) {
                            throw BuiltinException.failed("glob.match", "unexpected end of input in glob " + glob);
                        }
                        int e = glob.codePointAt(pos);
                        pos += Character.charCount(e);
                        literal(e);
                    }
                    default -> literal(c);
                }
            }
        }

        private void alternatives() throws BuiltinException {
            out.append("(?:");
            while (true) {
                sequence(true);
                if (pos >= glob.length()) {
                    throw BuiltinException.failed("glob.match", "unexpected end of input in glob " + glob);
                }
                char c = glob.charAt(pos++);
                if (c == '}') {
                    out.append(')');
                    return;
                }
                out.append('|');
            }
        }

        private void charClass() throws BuiltinException {
            int close = glob.indexOf(']', pos);
            if (close < 0) {
                throw BuiltinException.failed("glob.match", "unexpected end of input in glob " + glob);
            }
            String body = glob.substring(pos, close);
            pos = close + 1;
            boolean negated = body.startsWith("!");
            if (negated) {
                body = body.substring(1);
            }
            int[] cps = body.codePoints().toArray();
            StringBuilder cls = new StringBuilder(negated ? "[^" : "[");
            for (int i = 0; i < cps.length; i++) {
                if (i + 2 < cps.length && cps[i + 1] == '-') {
                    if (cps[i] > cps[i + 2]) {
                        throw BuiltinException.failed("glob.match", "hi character should be greater than lo character");
                    }
                    cls.append(quoteClass(cps[i])).append('-').append(quoteClass(cps[i + 2]));
                    i += 2;
                } else {
                    cls.append(quoteClass(cps[i]));
                }
            }
            if (cps.length == 0) {
                throw BuiltinException.failed("glob.match", "empty character class in glob " + glob);
            }
            out.append(cls).append(']');
        }

        private void literal(int c) {
            out.append(quoteClass(c));
        }

        private static String quoteClass(String chars) {
            StringBuilder sb = new StringBuilder();
            chars.codePoints().forEach(c -> sb.append(quoteClass(c)));
            return sb.toString();
        }

        /** One code point as regex text: punctuation escaped, other ASCII non-alphanumerics in hex. */
        private static String quoteClass(int c) {
            if (c >= 128 || Character.isLetterOrDigit(c)) {
                return new String(Character.toChars(c));
            }
            if (c > ' ' && c < 127) {
                return "\\" + (char) c;
            }
            return String.format("\\x{%x}", c);
        }
    }
}
