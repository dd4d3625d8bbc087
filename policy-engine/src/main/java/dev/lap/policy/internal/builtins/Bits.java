package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.function.BinaryOperator;

/** The {@code bits.*} builtins, on integers of any size with two's-complement semantics. */
final class Bits {
    private Bits() {}

    static void register(BuiltinRegistry r) {
        binary(r, "bits.and", BigInteger::and);
        binary(r, "bits.or", BigInteger::or);
        binary(r, "bits.xor", BigInteger::xor);
        r.register(
                "bits.negate",
                List.of(Type.NUMBER),
                Type.NUMBER,
                (a, ctx) -> NumberValue.of(integer("bits.negate", a[0], 1).not()));
        r.register("bits.lsh", List.of(Type.NUMBER, Type.NUMBER), Type.NUMBER, (a, ctx) -> {
            BigInteger x = integer("bits.lsh", a[0], 1);
            long n = shift("bits.lsh", a[1]);
            if (n > Integer.MAX_VALUE) {
                throw BuiltinException.failed("bits.lsh", "shift amount too large");
            }
            return NumberValue.of(x.shiftLeft((int) n));
        });
        r.register("bits.rsh", List.of(Type.NUMBER, Type.NUMBER), Type.NUMBER, (a, ctx) -> {
            BigInteger x = integer("bits.rsh", a[0], 1);
            long n = shift("bits.rsh", a[1]);
            return NumberValue.of(x.shiftRight((int) Math.min(n, Integer.MAX_VALUE)));
        });
    }

    private static void binary(BuiltinRegistry r, String name, BinaryOperator<BigInteger> op) {
        r.register(
                name,
                List.of(Type.NUMBER, Type.NUMBER),
                Type.NUMBER,
                (a, ctx) -> NumberValue.of(op.apply(integer(name, a[0], 1), integer(name, a[1], 2))));
    }

    private static BigInteger integer(String builtin, Value v, int position) throws BuiltinException {
        BigInteger i = ((NumberValue) v).bigIntegerValue();
        if (i == null) {
            throw BuiltinException.type(
                    builtin, "operand " + position + " must be integer number but got floating-point number");
        }
        return i;
    }

    private static long shift(String builtin, Value v) throws BuiltinException {
        long n = Operands.integer(builtin, v, 2);
        if (n < 0) {
            throw BuiltinException.type(
                    builtin, "operand 2 must be an unsigned integer number but got a negative integer");
        }
        return n;
    }
}
