package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.Value;
import java.util.List;

/** {@code numbers.range} and {@code numbers.range_step}: inclusive integer ranges, either direction. */
final class NumberRanges {
    /**
     * The longest range built. OPA has no such bound and relies on cancellation; a gateway must
     * not let one call allocate gigabytes, so a longer range is a builtin error.
     */
    static final long MAX_ELEMENTS = 10_000_000;

    private NumberRanges() {}

    static void register(BuiltinRegistry r) {
        r.register("numbers.range", List.of(Type.NUMBER, Type.NUMBER), Type.ARRAY, (a, ctx) -> {
            long from = Operands.integer("numbers.range", a[0], 1);
            long to = Operands.integer("numbers.range", a[1], 2);
            return range("numbers.range", from, to, 1);
        });
        r.register("numbers.range_step", List.of(Type.NUMBER, Type.NUMBER, Type.NUMBER), Type.ARRAY, (a, ctx) -> {
            long from = Operands.integer("numbers.range_step", a[0], 1);
            long to = Operands.integer("numbers.range_step", a[1], 2);
            NumberValue step = (NumberValue) a[2];
            if (!step.isInteger() || step.signum() <= 0) {
                throw BuiltinException.failed("numbers.range_step", "step must be a positive integer");
            }
            // A step beyond a long is beyond any range of longs: only the start fits.
            long s = step.isLong() ? step.longValue() : Long.MAX_VALUE;
            return range("numbers.range_step", from, to, s);
        });
    }

    private static Value range(String name, long from, long to, long step) throws BuiltinException {
        long span;
        try {
            span = Math.abs(Math.subtractExact(to, from));
        } catch (ArithmeticException e) {
            span = Long.MAX_VALUE;
        }
        long count = span / step + 1;
        if (count > MAX_ELEMENTS) {
            throw BuiltinException.failed(name, "range of " + count + " numbers exceeds the limit of " + MAX_ELEMENTS);
        }
        Value[] out = new Value[(int) count];
        long dir = to >= from ? 1 : -1;
        for (int i = 0; i < count; i++) {
            out[i] = NumberValue.of(from + dir * step * i);
        }
        return ArrayValue.wrap(out);
    }
}
