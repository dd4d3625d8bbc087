package dev.lap.policy.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * An arbitrary-precision number. Integers that fit a {@code long} are kept as one, so the common
 * case (counts, ports, indexes) never allocates a {@link BigDecimal}; everything else is a
 * {@code BigDecimal} with trailing zeros stripped, so equal numbers have one representation and
 * {@code 1}, {@code 1.0} and {@code 1e0} are the same value.
 */
public final class NumberValue implements Value {
    private static final NumberValue[] SMALL = new NumberValue[1024 + 128];
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = new NumberValue(i - 128, null);
        }
    }

    private final long small;
    private final @Nullable BigDecimal big;

    private NumberValue(long small, @Nullable BigDecimal big) {
        this.small = small;
        this.big = big;
    }

    public static NumberValue of(long value) {
        if (value >= -128 && value < SMALL.length - 128) {
            return SMALL[(int) value + 128];
        }
        return new NumberValue(value, null);
    }

    public static NumberValue of(BigInteger value) {
        return value.bitLength() < 64 ? of(value.longValue()) : new NumberValue(0, new BigDecimal(value));
    }

    public static NumberValue of(BigDecimal value) {
        if (value.signum() == 0) {
            return of(0);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.compareTo(LONG_MIN) >= 0 && stripped.compareTo(LONG_MAX) <= 0) {
            return of(stripped.longValueExact());
        }
        return new NumberValue(0, stripped);
    }

    /**
     * A double, as Go's float64 arithmetic would produce it. NaN and infinities have no Rego
     * representation; callers must reject them first.
     */
    public static NumberValue of(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("not a finite number: " + value);
        }
        if (value == Math.rint(value) && Math.abs(value) < 0x1p63) {
            return of((long) value);
        }
        return of(new BigDecimal(Double.toString(value)));
    }

    /** Parses a JSON or Rego number literal; throws {@link NumberFormatException} when invalid. */
    public static NumberValue parse(String text) {
        int n = text.length();
        if (n > 0 && n < 19) {
            boolean digits = true;
            for (int i = text.charAt(0) == '-' ? 1 : 0; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    digits = false;
                    break;
                }
            }
            if (digits && !(n == 1 && text.charAt(0) == '-')) {
                return of(Long.parseLong(text));
            }
        }
        return of(new BigDecimal(text));
    }

    /** Whether this number is whole (has no fractional part). */
    public boolean isInteger() {
        return big == null || big.scale() <= 0;
    }

    /** Whether this number is whole and fits a {@code long}. */
    public boolean isLong() {
        return big == null;
    }

    /** The value as a {@code long}; only meaningful when {@link #isLong()}. */
    public long longValue() {
        return big == null ? small : big.longValue();
    }

    /** The value as an {@code int}, or {@code null} when it is not whole or out of range. */
    public @Nullable Integer intValueExact() {
        if (big == null && small >= Integer.MIN_VALUE && small <= Integer.MAX_VALUE) {
            return (int) small;
        }
        return null;
    }

    public BigDecimal bigDecimalValue() {
        return big != null ? big : BigDecimal.valueOf(small);
    }

    /** The whole value as a {@code BigInteger}, or {@code null} when it has a fractional part. */
    public @Nullable BigInteger bigIntegerValue() {
        if (big == null) {
            return BigInteger.valueOf(small);
        }
        return big.scale() <= 0 ? big.toBigIntegerExact() : null;
    }

    public double doubleValue() {
        return big == null ? (double) small : big.doubleValue();
    }

    public int signum() {
        return big == null ? Long.signum(small) : big.signum();
    }

    public int compareNumber(NumberValue other) {
        if (big == null && other.big == null) {
            return Long.compare(small, other.small);
        }
        return bigDecimalValue().compareTo(other.bigDecimalValue());
    }

    @Override
    public String typeName() {
        return "number";
    }

    @Override
    public int kindOrder() {
        return 2;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NumberValue other)) {
            return false;
        }
        if (big == null && other.big == null) {
            return small == other.small;
        }
        // Representations are canonical: a long-sized integer is never held as a BigDecimal.
        return big != null && other.big != null && big.equals(other.big);
    }

    @Override
    public int hashCode() {
        return big == null ? Long.hashCode(small) : big.hashCode();
    }

    /**
     * The canonical text: integers in full, other numbers in plain notation unless that would be
     * unreasonably long, then in Go's {@code 1.5e+300} style.
     */
    @Override
    public String toString() {
        if (big == null) {
            return Long.toString(small);
        }
        int exponent = big.precision() - big.scale() - 1;
        boolean wholeAndReadable = big.scale() <= 0 && exponent < 60;
        if (wholeAndReadable || (exponent >= -20 && exponent <= 20)) {
            return big.toPlainString();
        }
        BigDecimal mantissa = big.movePointLeft(exponent);
        String m = mantissa.stripTrailingZeros().toPlainString();
        return m + "e" + (exponent < 0 ? "-" : "+") + Math.abs(exponent);
    }

    /** Rounds half away from zero, as Go's {@code math.Round}. */
    public NumberValue round() {
        return big == null ? this : of(big.setScale(0, RoundingMode.HALF_UP));
    }
}
