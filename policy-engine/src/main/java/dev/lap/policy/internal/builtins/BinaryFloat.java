package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.NumberValue;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A binary floating-point number with a 64-bit mantissa, rounded to nearest even: what OPA's
 * arithmetic computes with once an operand is not an integer (Go's {@code big.Float} at its
 * default precision). Reproducing it, rather than computing in exact decimals, is what makes
 * {@code 1 / 3} and {@code 0.1 + 0.2} give OPA's digits. The value is {@code sign * mant * 2^exp}
 * with {@code mant} either zero or exactly {@link #PRECISION} bits long.
 */
record BinaryFloat(int sign, BigInteger mant, int exp) {
    static final int PRECISION = 64;

    static final BinaryFloat ZERO = new BinaryFloat(0, BigInteger.ZERO, 0);

    /** The nearest 64-bit float to {@code n}, as Go's {@code SetString} reads OPA's number text. */
    static BinaryFloat of(NumberValue n) {
        BigDecimal d = n.bigDecimalValue();
        if (d.signum() == 0) {
            return ZERO;
        }
        BigInteger unscaled = d.unscaledValue().abs();
        int scale = d.scale();
        if (scale <= 0) {
            return rounded(d.signum(), unscaled.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE, 0);
        }
        return rounded(d.signum(), unscaled, BigInteger.TEN.pow(scale), 0);
    }

    /** {@code sign * (num / den) * 2^exp2}, rounded to nearest even at 64 bits. */
    private static BinaryFloat rounded(int sign, BigInteger num, BigInteger den, int exp2) {
        if (num.signum() == 0) {
            return ZERO;
        }
        // Scale so the integer quotient has at least PRECISION + 2 bits; the remainder is a sticky bit.
        int shift = PRECISION + 2 - (num.bitLength() - den.bitLength());
        BigInteger[] qr = shift >= 0
                ? num.shiftLeft(shift).divideAndRemainder(den)
                : num.divideAndRemainder(den.shiftLeft(-shift));
        BigInteger q = qr[0];
        boolean sticky = qr[1].signum() != 0;
        int extra = q.bitLength() - PRECISION;
        BigInteger low = q.and(BigInteger.ONE.shiftLeft(extra).subtract(BigInteger.ONE));
        q = q.shiftRight(extra);
        BigInteger half = BigInteger.ONE.shiftLeft(extra - 1);
        int c = low.compareTo(half);
        if (c > 0 || (c == 0 && (sticky || q.testBit(0)))) {
            q = q.add(BigInteger.ONE);
            if (q.bitLength() > PRECISION) {
                q = q.shiftRight(1);
                extra++;
            }
        }
        return new BinaryFloat(sign, q, exp2 - shift + extra);
    }

    private static BinaryFloat exact(BigInteger signedMant, int exp) {
        return rounded(signedMant.signum(), signedMant.abs(), BigInteger.ONE, exp);
    }

    private BigInteger signed() {
        return sign < 0 ? mant.negate() : mant;
    }

    BinaryFloat add(BinaryFloat o) {
        if (sign == 0) {
            return o;
        }
        if (o.sign == 0) {
            return this;
        }
        int e = Math.min(exp, o.exp);
        BigInteger sum = signed().shiftLeft(exp - e).add(o.signed().shiftLeft(o.exp - e));
        return exact(sum, e);
    }

    BinaryFloat negate() {
        return new BinaryFloat(-sign, mant, exp);
    }

    BinaryFloat subtract(BinaryFloat o) {
        return add(o.negate());
    }

    BinaryFloat multiply(BinaryFloat o) {
        return exact(signed().multiply(o.signed()), exp + o.exp);
    }

    /** The quotient; the caller rules out a zero divisor. */
    BinaryFloat divide(BinaryFloat o) {
        if (sign == 0) {
            return ZERO;
        }
        return rounded(sign * o.sign, mant, o.mant, exp - o.exp);
    }

    BinaryFloat abs() {
        return sign < 0 ? negate() : this;
    }

    boolean isZero() {
        return sign == 0;
    }

    /** The integer part, truncated toward zero. */
    BigInteger truncate() {
        BigInteger m = exp >= 0 ? mant.shiftLeft(exp) : mant.shiftRight(-exp);
        return sign < 0 ? m.negate() : m;
    }

    boolean isInteger() {
        return sign == 0 || exp >= 0 || mant.getLowestSetBit() >= -exp;
    }

    static BinaryFloat of(BigInteger i) {
        return exact(i, 0);
    }

    /** Rounds half away from zero, as OPA's {@code round}. */
    BinaryFloat round() {
        BinaryFloat half = new BinaryFloat(1, BigInteger.ONE.shiftLeft(PRECISION - 1), -PRECISION);
        return of((sign < 0 ? subtract(half) : add(half)).truncate());
    }

    /**
     * OPA's ceiling: it tests the sign of the truncated value, not of the operand, so a fraction
     * between -1 and 0 truncates to a non-negative zero and is rounded up to 1. Kept for parity.
     */
    BinaryFloat ceil() {
        BinaryFloat t = of(truncate());
        return t.sign < 0 || isInteger() ? t : t.add(of(BigInteger.ONE));
    }

    /** OPA's floor, with the mirror quirk: a fraction between -1 and 0 floors to 0. */
    BinaryFloat floor() {
        BinaryFloat t = of(truncate());
        return t.sign >= 0 || isInteger() ? t : t.subtract(of(BigInteger.ONE));
    }

    /**
     * The shortest decimal that reads back as this float, which is the number text OPA keeps
     * ({@code big.Float.Text} with precision -1); Go's digit walk is followed step by step, so
     * ties and the decimal-point corner cases come out the same.
     */
    NumberValue toNumber() {
        if (sign == 0) {
            return NumberValue.of(0);
        }
        Decimal d = Decimal.of(mant, exp);
        // Mantissa with PRECISION + 1 bits: its lowest bit is half a unit in the last place.
        BigInteger m2 = mant.shiftLeft(1);
        int e2 = exp - 1;
        Decimal lower = Decimal.of(m2.subtract(BigInteger.ONE), e2);
        Decimal upper = Decimal.of(m2.add(BigInteger.ONE), e2);
        boolean inclusive = !m2.testBit(1);
        for (int i = 0; i < d.digits.length(); i++) {
            char m = d.digits.charAt(i);
            char l = lower.at(i);
            char u = upper.at(i);
            boolean okDown = l != m || (inclusive && i + 1 == lower.digits.length());
            boolean okUp = m != u && (inclusive || m + 1 < u || i + 1 < upper.digits.length());
            if (okDown && okUp) {
                d = d.round(i + 1);
                break;
            } else if (okDown) {
                d = d.roundDown(i + 1);
                break;
            } else if (okUp) {
                d = d.roundUp(i + 1);
                break;
            }
        }
        BigDecimal value = new BigDecimal(new BigInteger(d.digits), d.digits.length() - d.point);
        return NumberValue.of(sign < 0 ? value.negate() : value);
    }

    /** Decimal digits with no trailing zeros and the position of the decimal point, as Go's {@code decimal}. */
    private record Decimal(String digits, int point) {
        static Decimal of(BigInteger m, int exp2) {
            BigDecimal exact = exp2 >= 0
                    ? new BigDecimal(m.shiftLeft(exp2))
                    : new BigDecimal(m.multiply(BigInteger.valueOf(5).pow(-exp2)), -exp2);
            BigDecimal stripped = exact.stripTrailingZeros();
            String digits = stripped.unscaledValue().toString();
            return new Decimal(digits, digits.length() - stripped.scale());
        }

        char at(int i) {
            return i >= 0 && i < digits.length() ? digits.charAt(i) : '0';
        }

        Decimal roundDown(int n) {
            if (n < 0 || n >= digits.length()) {
                return this;
            }
            String kept = digits.substring(0, n).replaceFirst("0+$", "");
            return kept.isEmpty() ? new Decimal("0", 0) : new Decimal(kept, point);
        }

        Decimal roundUp(int n) {
            if (n < 0 || n >= digits.length()) {
                return this;
            }
            while (n > 0 && digits.charAt(n - 1) >= '9') {
                n--;
            }
            if (n == 0) {
                return new Decimal("1", point + 1);
            }
            return new Decimal(digits.substring(0, n - 1) + (char) (digits.charAt(n - 1) + 1), point);
        }

        Decimal round(int n) {
            if (n < 0 || n >= digits.length()) {
                return this;
            }
            boolean up;
            if (digits.charAt(n) == '5' && n + 1 == digits.length()) {
                up = n > 0 && ((digits.charAt(n - 1) - '0') & 1) != 0;
            } else {
                up = digits.charAt(n) >= '5';
            }
            return up ? roundUp(n) : roundDown(n);
        }
    }
}
