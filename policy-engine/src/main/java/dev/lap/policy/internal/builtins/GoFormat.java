package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code sprintf}: Go's {@code fmt.Sprintf} over the arguments OPA hands it. OPA passes a number
 * as a Go {@code int}, a {@code big.Int} or a {@code float64}, a string as a string, and anything
 * else as its Rego text ({@code [1, "a"]}, {@code {1, 2}}, {@code set()}), so {@code %s} of a
 * number prints Go's {@code %!s(int=5)} and {@code %v} of a set prints {@code {1, 2}}.
 */
final class GoFormat {
    private GoFormat() {}

    /** An argument as Go sees it. */
    private sealed interface Arg permits IntArg, BigArg, FloatArg, StrArg {}

    private record IntArg(long value) implements Arg {}

    private record BigArg(BigInteger value) implements Arg {}

    private record FloatArg(double value) implements Arg {}

    private record StrArg(String value) implements Arg {}

    private static final class Spec {
        boolean plus;
        boolean minus;
        boolean sharp;
        boolean space;
        boolean zero;
        int width = -1;
        int precision = -1;
    }

    static String sprintf(String format, List<Value> values) {
        Arg[] args = new Arg[values.size()];
        for (int i = 0; i < args.length; i++) {
            args[i] = arg(values.get(i));
        }
        StringBuilder out = new StringBuilder();
        int next = 0;
        int i = 0;
        int n = format.length();
        while (i < n) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            Spec spec = new Spec();
            flags:
            while (i < n) {
                switch (format.charAt(i)) {
                    case '+' -> spec.plus = true;
                    case '-' -> spec.minus = true;
                    case '#' -> spec.sharp = true;
                    case ' ' -> spec.space = true;
                    case '0' -> spec.zero = true;
                    default -> {
                        break flags;
                    }
                }
                i++;
            }
            int start = i;
            while (i < n && Character.isDigit(format.charAt(i))) {
                i++;
            }
            if (i > start) {
                spec.width = Integer.parseInt(format.substring(start, i));
            }
            if (i < n && format.charAt(i) == '.') {
                i++;
                start = i;
                while (i < n && Character.isDigit(format.charAt(i))) {
                    i++;
                }
                spec.precision = i > start ? Integer.parseInt(format.substring(start, i)) : 0;
            }
            if (i >= n) {
                out.append("%!(NOVERB)");
                break;
            }
            int verb = format.codePointAt(i);
            i += Character.charCount(verb);
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.length) {
                out.append("%!").appendCodePoint(verb).append("(MISSING)");
                continue;
            }
            out.append(format(verb, spec, args[next++]));
        }
        if (next < args.length) {
            out.append("%!(EXTRA ");
            for (int k = next; k < args.length; k++) {
                out.append(k > next ? ", " : "")
                        .append(goType(args[k]))
                        .append('=')
                        .append(plain(args[k]));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static Arg arg(Value v) {
        if (v instanceof NumberValue n) {
            if (n.isLong()) {
                return new IntArg(n.longValue());
            }
            // OPA hands Go a big.Int only for plain digit text; a literal like 2e308 goes on as a float
            // or, beyond float64, as text. Trailing zeros are the trace an exponent leaves here.
            if (n.bigDecimalValue().scale() == 0) {
                return new BigArg(n.bigIntegerValue());
            }
            double d = n.doubleValue();
            // A number beyond float64 reaches Go as its text.
            return Double.isInfinite(d) ? new StrArg(numberText(n)) : new FloatArg(d);
        }
        if (v instanceof StringValue s) {
            return new StrArg(s.value());
        }
        return new StrArg(regoText(v));
    }

    private static String goType(Arg a) {
        return switch (a) {
            case IntArg i -> "int";
            case BigArg b -> "*big.Int";
            case FloatArg f -> "float64";
            case StrArg s -> "string";
        };
    }

    /** The argument under {@code %v}, as used in Go's error notes. */
    private static String plain(Arg a) {
        return switch (a) {
            case IntArg i -> Long.toString(i.value());
            case BigArg b -> b.value().toString();
            case FloatArg f -> shortestG(f.value(), false);
            case StrArg s -> s.value();
        };
    }

    private static String bad(int verb, Arg a) {
        String type = a instanceof BigArg ? "big.Int" : goType(a);
        return "%!" + new String(Character.toChars(verb)) + "(" + type + "=" + plain(a) + ")";
    }

    private static String format(int verb, Spec spec, Arg a) {
        return switch (a) {
            case IntArg i -> formatInteger(verb, spec, BigInteger.valueOf(i.value()), a);
            case BigArg b -> formatInteger(verb, spec, b.value(), a);
            case FloatArg f -> formatFloat(verb, spec, f.value(), a);
            case StrArg s -> formatString(verb, spec, s.value(), a);
        };
    }

    private static String formatInteger(int verb, Spec spec, BigInteger v, Arg a) {
        boolean big = a instanceof BigArg;
        String digits;
        String prefix = "";
        switch (verb) {
            case 'd', 'v' -> digits = v.abs().toString();
            case 's' -> {
                if (!big) {
                    return bad(verb, a);
                }
                digits = v.abs().toString();
            }
            case 'b' -> digits = v.abs().toString(2);
            case 'o', 'O' -> {
                digits = v.abs().toString(8);
                if (verb == 'O') {
                    prefix = "0o";
                } else if (spec.sharp) {
                    prefix = "0";
                }
            }
            case 'x' -> {
                digits = v.abs().toString(16);
                prefix = spec.sharp ? "0x" : "";
            }
            case 'X' -> {
                digits = v.abs().toString(16).toUpperCase(java.util.Locale.ROOT);
                prefix = spec.sharp ? "0X" : "";
            }
            case 'c' -> {
                return big ? bad(verb, a) : pad(spec, new String(Character.toChars(rune(v.longValue()))), false);
            }
            case 'q' -> {
                return big
                        ? bad(verb, a)
                        : pad(spec, "'" + new String(Character.toChars(rune(v.longValue()))) + "'", false);
            }
            case 'U' -> {
                String hex = v.toString(16).toUpperCase(java.util.Locale.ROOT);
                return big ? bad(verb, a) : pad(spec, "U+" + "0".repeat(Math.max(0, 4 - hex.length())) + hex, false);
            }
            default -> {
                return bad(verb, a);
            }
        }
        if (spec.precision >= 0) {
            if (spec.precision == 0 && v.signum() == 0) {
                digits = "";
            }
            digits = "0".repeat(Math.max(0, spec.precision - digits.length())) + digits;
        }
        String sign = v.signum() < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        return padNumber(spec, sign + prefix, digits, spec.precision < 0);
    }

    private static int rune(long v) {
        return v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF) ? 0xFFFD : (int) v;
    }

    private static String formatFloat(int verb, Spec spec, double v, Arg a) {
        String body;
        switch (verb) {
            case 'v', 'g', 'G' -> {
                body = spec.precision < 0
                        ? shortestG(Math.abs(v), verb == 'G')
                        : precisionG(Math.abs(v), spec.precision, spec.sharp, verb == 'G');
            }
            case 'f', 'F' -> body = fixed(Math.abs(v), spec.precision < 0 ? 6 : spec.precision);
            case 'e', 'E' -> body = scientific(Math.abs(v), spec.precision < 0 ? 6 : spec.precision, verb == 'E');
            default -> {
                return bad(verb, a);
            }
        }
        boolean negative = v < 0 || (v == 0 && 1 / v < 0);
        String sign = negative ? "-" : spec.plus ? "+" : spec.space ? " " : "";
        return padNumber(spec, sign, body, true);
    }

    private static String fixed(double v, int precision) {
        return new BigDecimal(v).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String scientific(double v, int precision, boolean upper) {
        BigDecimal d = new BigDecimal(v);
        String digits;
        int exp;
        if (d.signum() == 0) {
            digits = "0".repeat(precision + 1);
            exp = 0;
        } else {
            BigDecimal r = d.round(new java.math.MathContext(precision + 1, RoundingMode.HALF_EVEN));
            digits = r.unscaledValue().abs().toString();
            exp = digits.length() - 1 - r.scale();
            digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        }
        return mantissa(digits, precision > 0) + exponent(exp, upper);
    }

    private static String mantissa(String digits, boolean point) {
        return point && digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits.substring(0, 1);
    }

    private static String exponent(int exp, boolean upper) {
        String e = Integer.toString(Math.abs(exp));
        return (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }

    /** {@code %v} of a float64: the shortest digits, in exponent form below 1e-4 and from 1e6 on. */
    static String shortestG(double v, boolean upper) {
        if (v == 0) {
            return "0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String s = gStyle(
                d.unscaledValue().toString(), d.unscaledValue().toString().length() - d.scale(), 6, upper);
        return v < 0 ? "-" + s : s;
    }

    private static String precisionG(double v, int precision, boolean sharp, boolean upper) {
        int p = precision == 0 ? 1 : precision;
        if (v == 0) {
            return sharp ? "0." + "0".repeat(p - 1) : "0";
        }
        BigDecimal r = new BigDecimal(v).round(new java.math.MathContext(p, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        int point = digits.length() - r.scale();
        if (!sharp) {
            digits = digits.replaceFirst("0+$", "");
            if (digits.isEmpty()) {
                digits = "0";
            }
        } else {
            digits = (digits + "0".repeat(p)).substring(0, p);
        }
        int eprec = p > digits.length() && digits.length() >= point ? digits.length() : p;
        return gStyle(digits, point, eprec, upper);
    }

    /** Go's {@code %g} layout of {@code 0.digits × 10^point}: exponent form when the exponent is below -4 or reaches {@code eprec}. */
    private static String gStyle(String digits, int point, int eprec, boolean upper) {
        int exp = point - 1;
        if (exp < -4 || exp >= eprec) {
            return mantissa(digits, true) + exponent(exp, upper);
        }
        if (point <= 0) {
            return "0." + "0".repeat(-point) + digits;
        }
        if (point >= digits.length()) {
            return digits + "0".repeat(point - digits.length());
        }
        return digits.substring(0, point) + "." + digits.substring(point);
    }

    private static String formatString(int verb, Spec spec, String s, Arg a) {
        String body;
        switch (verb) {
            case 'v', 's' -> body = truncate(s, spec.precision);
            case 'q' -> body = quote(truncate(s, spec.precision));
            case 'x', 'X' -> {
                byte[] bytes = truncate(s, spec.precision).getBytes(StandardCharsets.UTF_8);
                String hex = HexFormat.of().formatHex(bytes);
                body = verb == 'X' ? hex.toUpperCase(java.util.Locale.ROOT) : hex;
            }
            default -> {
                return bad(verb, a);
            }
        }
        return pad(spec, body, spec.zero);
    }

    private static String truncate(String s, int runes) {
        if (runes < 0 || s.codePointCount(0, s.length()) <= runes) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, runes));
    }

    private static String pad(Spec spec, String body, boolean zeros) {
        int len = body.codePointCount(0, body.length());
        if (spec.width <= len) {
            return body;
        }
        String fill = (zeros && !spec.minus ? "0" : " ").repeat(spec.width - len);
        return spec.minus ? body + fill : fill + body;
    }

    /** Width padding for numbers: zeros go between the sign and the digits. */
    private static String padNumber(Spec spec, String sign, String digits, boolean zeroAllowed) {
        int len = sign.length() + digits.length();
        if (spec.width <= len) {
            return sign + digits;
        }
        int fill = spec.width - len;
        if (spec.minus) {
            return sign + digits + " ".repeat(fill);
        }
        if (spec.zero && zeroAllowed) {
            return sign + "0".repeat(fill) + digits;
        }
        return " ".repeat(fill) + sign + digits;
    }

    /** Go's {@code strconv.Quote}: printable runes kept, the rest escaped. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case 7 -> sb.append("\\a");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case 11 -> sb.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", c));
                    } else if (isPrintable(c)) {
                        sb.appendCodePoint(c);
                    } else if (c < 0x10000) {
                        sb.append(String.format("\\u%04x", c));
                    } else {
                        sb.append(String.format("\\U%08x", c));
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    private static boolean isPrintable(int c) {
        if (c == ' ') {
            return true;
        }
        int type = Character.getType(c);
        return !Character.isWhitespace(c)
                && !Character.isSpaceChar(c)
                && type != Character.CONTROL
                && type != Character.FORMAT
                && type != Character.SURROGATE
                && type != Character.PRIVATE_USE
                && type != Character.UNASSIGNED;
    }

    /** A value as OPA's {@code Term.String()} writes it: Rego syntax, strings Go-quoted, sets in braces. */
    static String regoText(Value v) {
        StringBuilder sb = new StringBuilder();
        regoText(v, sb);
        return sb.toString();
    }

    private static void regoText(Value v, StringBuilder sb) {
        switch (v) {
            case NullValue n -> sb.append("null");
            case BooleanValue b -> sb.append(b.value());
            case NumberValue n -> sb.append(numberText(n));
            case StringValue s -> sb.append(quote(s.value()));
            case ArrayValue a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    regoText(a.get(i), sb);
                }
                sb.append(']');
            }
            case SetValue s -> {
                if (s.isEmpty()) {
                    sb.append("set()");
                    return;
                }
                sb.append('{');
                for (int i = 0; i < s.size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    regoText(s.get(i), sb);
                }
                sb.append('}');
            }
            case ObjectValue o -> {
                sb.append('{');
                for (int i = 0; i < o.size(); i++) {
                    sb.append(i > 0 ? ", " : "");
                    regoText(o.keyAt(i), sb);
                    sb.append(": ");
                    regoText(o.valueAt(i), sb);
                }
                sb.append('}');
            }
        }
    }

    /** Number text without the {@code +} Go's float formatting would add to an exponent. */
    private static String numberText(NumberValue n) {
        return n.toString().replace("e+", "e");
    }
}
