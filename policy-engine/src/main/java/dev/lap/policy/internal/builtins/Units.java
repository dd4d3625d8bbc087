package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code units.parse} and {@code units.parse_bytes}: quantities with SI ({@code K}, {@code M}) or
 * binary ({@code Ki}, {@code Mi}) suffixes. The two builtins round differently, as OPA's do:
 * {@code units.parse} works with exact rationals and keeps ten decimal places, while
 * {@code units.parse_bytes} works in 64-bit-mantissa binary floats and truncates to a whole number.
 */
final class Units {
    private static final String PARSE = "units.parse";
    private static final String PARSE_BYTES = "units.parse_bytes";
    private static final int MAX_EXPONENT_DIGITS = 6;
    private static final int FLOAT_BITS = 64;

    /** OPA scales "m" by the float64 nearest 0.001, not by 0.001 itself; hence its ten-place rounding. */
    private static final BigDecimal MILLI = new BigDecimal(0.001);

    private Units() {}

    static void register(BuiltinRegistry r) {
        r.register(PARSE, List.of(Type.STRING), Type.NUMBER, (a, ctx) -> parse(string(a, 0)));
        r.register(PARSE_BYTES, List.of(Type.STRING), Type.NUMBER, (a, ctx) -> parseBytes(string(a, 0)));
    }

    private static Value parse(String raw) throws BuiltinException {
        String s = raw.replace("\"", "");
        if (s.contains(" ")) {
            throw BuiltinException.failed(PARSE, "spaces not allowed in resource strings");
        }
        String[] numAndUnit = split(PARSE, s);
        String num = numAndUnit[0];
        String unit = numAndUnit[1];
        if (num.isEmpty()) {
            throw BuiltinException.failed(PARSE, "no amount provided");
        }
        // Only the letters after the first are case-insensitive, so "m" (milli) and "M" (mega) differ.
        if (unit.length() > 1) {
            int first = unit.offsetByCodePoints(0, 1);
            unit = unit.substring(0, first) + unit.substring(first).toLowerCase(Locale.ROOT);
        }
        BigDecimal scale = switch (unit) {
            case "m" -> MILLI;
            case "" -> BigDecimal.ONE;
            case "k", "K" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "g", "G" -> BigDecimal.TEN.pow(9);
            case "t", "T" -> BigDecimal.TEN.pow(12);
            case "p", "P" -> BigDecimal.TEN.pow(15);
            case "e", "E" -> BigDecimal.TEN.pow(18);
            case "ki", "Ki" -> binary(1);
            case "mi", "Mi" -> binary(2);
            case "gi", "Gi" -> binary(3);
            case "ti", "Ti" -> binary(4);
            case "pi", "Pi" -> binary(5);
            case "ei", "Ei" -> binary(6);
            default -> throw BuiltinException.failed(PARSE, "unit " + unit + " not recognized");
        };
        BigDecimal amount = decimal(num);
        if (amount == null) {
            throw BuiltinException.failed(PARSE, "could not parse amount to a number");
        }
        BigDecimal product = amount.multiply(scale);
        if (product.signum() == 0 || product.stripTrailingZeros().scale() <= 0) {
            return NumberValue.of(product);
        }
        return NumberValue.of(product.setScale(10, RoundingMode.HALF_UP));
    }

    private static Value parseBytes(String raw) throws BuiltinException {
        String s = raw.toLowerCase(Locale.ROOT).replace("\"", "");
        if (s.contains(" ")) {
            throw BuiltinException.failed(PARSE_BYTES, "spaces not allowed in resource strings");
        }
        String[] numAndUnit = split(PARSE_BYTES, s);
        String num = numAndUnit[0];
        if (num.isEmpty()) {
            throw BuiltinException.failed(PARSE_BYTES, "no byte amount provided");
        }
        BigDecimal scale = switch (numAndUnit[1]) {
            case "" -> BigDecimal.ONE;
            case "kb", "k" -> BigDecimal.TEN.pow(3);
            case "mb", "m" -> BigDecimal.TEN.pow(6);
            case "gb", "g" -> BigDecimal.TEN.pow(9);
            case "tb", "t" -> BigDecimal.TEN.pow(12);
            case "pb", "p" -> BigDecimal.TEN.pow(15);
            case "eb", "e" -> BigDecimal.TEN.pow(18);
            case "kib", "ki" -> binary(1);
            case "mib", "mi" -> binary(2);
            case "gib", "gi" -> binary(3);
            case "tib", "ti" -> binary(4);
            case "pib", "pi" -> binary(5);
            case "eib", "ei" -> binary(6);
            default -> throw BuiltinException.failed(PARSE_BYTES, "byte unit " + numAndUnit[1] + " not recognized");
        };
        BigDecimal amount = decimal(num);
        if (amount == null) {
            throw BuiltinException.failed(PARSE_BYTES, "could not parse byte amount to a number");
        }
        BigDecimal product = roundToFloat(roundToFloat(amount).multiply(scale));
        return NumberValue.of(product.setScale(0, RoundingMode.DOWN));
    }

    private static BigDecimal binary(int power) {
        return new BigDecimal(BigInteger.ONE.shiftLeft(10 * power));
    }

    /**
     * Splits at the first character that cannot continue a number (an {@code e} counts as part of
     * the number only when a digit or sign follows it). An exponent of more than six digits is
     * refused before anything tries to compute with it.
     */
    private static String[] split(String builtin, String s) throws BuiltinException {
        int boundary = -1;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean exponent = c == 'e' || c == 'E';
            if (!isDigit(c) && c != '.' && !exponent && c != '+' && c != '-') {
                boundary = i;
                break;
            }
            if (exponent) {
                if (i == s.length() - 1) {
                    boundary = i;
                    break;
                }
                char next = s.charAt(i + 1);
                if (!isDigit(next) && next != '+' && next != '-') {
                    boundary = i;
                    break;
                }
                if (next == '+' || next == '-') {
                    i++;
                }
                int end = i + 1;
                while (end < s.length() && isDigit(s.charAt(end))) {
                    end++;
                }
                if (end - (i + 1) > MAX_EXPONENT_DIGITS) {
                    throw BuiltinException.failed(builtin, "exponent too large");
                }
            }
        }
        if (boundary == -1) {
            return new String[] {s, ""};
        }
        return new String[] {s.substring(0, boundary), s.substring(boundary)};
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** A decimal literal as Go's big.Rat and big.Float read one, or null. */
    private static @Nullable BigDecimal decimal(String num) {
        try {
            return new BigDecimal(num);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The value of a Go {@code big.Float} of default (64-bit) precision nearest {@code v}, ties to even. */
    static BigDecimal roundToFloat(BigDecimal v) {
        if (v.signum() == 0) {
            return v;
        }
        BigInteger unscaled = v.unscaledValue().abs();
        BigInteger num = v.scale() <= 0 ? unscaled.multiply(BigInteger.TEN.pow(-v.scale())) : unscaled;
        BigInteger den = v.scale() > 0 ? BigInteger.TEN.pow(v.scale()) : BigInteger.ONE;
        // Choose e so that num / den / 2^e has exactly FLOAT_BITS bits before the point.
        int e = num.bitLength() - den.bitLength() - FLOAT_BITS;
        BigInteger mantissa;
        while (true) {
            BigInteger n = e < 0 ? num.shiftLeft(-e) : num;
            BigInteger d = e > 0 ? den.shiftLeft(e) : den;
            BigInteger[] qr = n.divideAndRemainder(d);
            if (qr[0].bitLength() > FLOAT_BITS) {
                e++;
                continue;
            }
            if (qr[0].bitLength() < FLOAT_BITS) {
                e--;
                continue;
            }
            int half = qr[1].shiftLeft(1).compareTo(d);
            mantissa = qr[0];
            if (half > 0 || (half == 0 && mantissa.testBit(0))) {
                mantissa = mantissa.add(BigInteger.ONE);
            }
            break;
        }
        BigDecimal result = e >= 0
                ? new BigDecimal(mantissa.shiftLeft(e))
                : new BigDecimal(mantissa.multiply(BigInteger.valueOf(5).pow(-e)), -e);
        return v.signum() < 0 ? result.negate() : result;
    }
}
