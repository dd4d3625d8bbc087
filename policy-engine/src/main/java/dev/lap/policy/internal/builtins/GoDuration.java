package dev.lap.policy.internal.builtins;

import java.math.BigInteger;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}: a signed sequence of decimal numbers, each with a unit
 * ({@code "1h30m"}, {@code "-1.5s"}, {@code "300ms"}), with Go's overflow limits and its float
 * arithmetic for fractions.
 */
final class GoDuration {
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private GoDuration() {}

    static long parse(String builtin, String orig) throws BuiltinException {
        String s = orig;
        boolean neg = false;
        if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return 0;
        }
        if (s.isEmpty()) {
            throw invalid(builtin, orig);
        }
        BigInteger total = BigInteger.ZERO;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(builtin, orig);
            }
            int start = i;
            BigInteger whole = BigInteger.ZERO;
            while (i < s.length() && isDigit(s.charAt(i))) {
                whole = whole.multiply(BigInteger.TEN).add(BigInteger.valueOf(s.charAt(i) - '0'));
                if (whole.compareTo(LIMIT) > 0) {
                    throw invalid(builtin, orig);
                }
                i++;
            }
            boolean pre = i != start;
            boolean post = false;
            long fraction = 0;
            double scale = 1;
            if (i < s.length() && s.charAt(i) == '.') {
                i++;
                int fractionStart = i;
                boolean overflow = false;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    int digit = s.charAt(i) - '0';
                    i++;
                    if (overflow) {
                        continue;
                    }
                    if (fraction > (Long.MAX_VALUE) / 10) {
                        overflow = true;
                        continue;
                    }
                    fraction = fraction * 10 + digit;
                    scale *= 10;
                }
                post = i != fractionStart;
            }
            if (!pre && !post) {
                throw invalid(builtin, orig);
            }
            int unitStart = i;
            while (i < s.length() && !(s.charAt(i) == '.' || isDigit(s.charAt(i)))) {
                i++;
            }
            if (i == unitStart) {
                throw BuiltinException.failed(builtin, "time: missing unit in duration " + GoFormat.quote(orig));
            }
            String unitName = s.substring(unitStart, i);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw BuiltinException.failed(
                        builtin,
                        "time: unknown unit " + GoFormat.quote(unitName) + " in duration " + GoFormat.quote(orig));
            }
            BigInteger u = BigInteger.valueOf(unit);
            if (whole.compareTo(LIMIT.divide(u)) > 0) {
                throw invalid(builtin, orig);
            }
            BigInteger v = whole.multiply(u);
            if (fraction > 0) {
                v = v.add(BigInteger.valueOf((long) ((double) fraction * ((double) unit / scale))));
                if (v.compareTo(LIMIT) > 0) {
                    throw invalid(builtin, orig);
                }
            }
            total = total.add(v);
            if (total.compareTo(LIMIT) > 0) {
                throw invalid(builtin, orig);
            }
        }
        if (neg) {
            return total.negate().longValue();
        }
        if (total.compareTo(LIMIT) >= 0) {
            throw invalid(builtin, orig);
        }
        return total.longValue();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static BuiltinException invalid(String builtin, String orig) {
        return BuiltinException.failed(builtin, "time: invalid duration " + GoFormat.quote(orig));
    }
}
