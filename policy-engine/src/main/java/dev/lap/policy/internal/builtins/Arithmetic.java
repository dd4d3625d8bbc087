package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Number arithmetic as OPA does it: exact on integers of any size, and on anything else in
 * {@link BinaryFloat}s. Division is exact only when an integer divides another; otherwise it is a
 * float quotient, so {@code 1 / 3} has OPA's 20 digits.
 */
final class Arithmetic {
    private Arithmetic() {}

    static void register(BuiltinRegistry r) {
        List<Type> numbers = List.of(Type.NUMBER, Type.NUMBER);
        r.register("plus", numbers, Type.NUMBER, (a, ctx) -> plus(Operands.number(a, 0), Operands.number(a, 1)));
        r.register("mul", numbers, Type.NUMBER, (a, ctx) -> mul(Operands.number(a, 0), Operands.number(a, 1)));
        r.register("div", numbers, Type.NUMBER, (a, ctx) -> div(Operands.number(a, 0), Operands.number(a, 1)));
        r.register("rem", numbers, Type.NUMBER, (a, ctx) -> rem(Operands.number(a, 0), Operands.number(a, 1)));
        Type numberOrSet = Type.oneOf(Type.NUMBER, Type.SET);
        r.register("minus", List.of(numberOrSet, numberOrSet), numberOrSet, (a, ctx) -> minus(a[0], a[1]));
        unary(r, "abs", BinaryFloat::abs);
        unary(r, "round", BinaryFloat::round);
        unary(r, "ceil", BinaryFloat::ceil);
        unary(r, "floor", BinaryFloat::floor);
    }

    private static void unary(BuiltinRegistry r, String name, UnaryOperator<BinaryFloat> op) {
        r.register(name, List.of(Type.NUMBER), Type.NUMBER, (a, ctx) -> {
            NumberValue n = Operands.number(a, 0);
            if (n.isLong()) {
                // Integers are their own round, ceil and floor; abs cannot overflow as a BigInteger.
                return name.equals("abs") ? NumberValue.of(n.bigIntegerValue().abs()) : n;
            }
            return op.apply(BinaryFloat.of(n)).toNumber();
        });
    }

    static NumberValue plus(NumberValue x, NumberValue y) {
        if (x.isLong() && y.isLong()) {
            long a = x.longValue();
            long b = y.longValue();
            long s = a + b;
            // Overflow iff both operands have the sign the sum lacks.
            if (((a ^ s) & (b ^ s)) >= 0) {
                return NumberValue.of(s);
            }
        }
        BigInteger a = x.bigIntegerValue();
        BigInteger b = y.bigIntegerValue();
        if (a != null && b != null) {
            return NumberValue.of(a.add(b));
        }
        return BinaryFloat.of(x).add(BinaryFloat.of(y)).toNumber();
    }

    static NumberValue minus(NumberValue x, NumberValue y) {
        BigInteger a = x.bigIntegerValue();
        BigInteger b = y.bigIntegerValue();
        if (a != null && b != null) {
            return NumberValue.of(a.subtract(b));
        }
        return BinaryFloat.of(x).subtract(BinaryFloat.of(y)).toNumber();
    }

    static NumberValue mul(NumberValue x, NumberValue y) {
        BigInteger a = x.bigIntegerValue();
        BigInteger b = y.bigIntegerValue();
        if (a != null && b != null) {
            return NumberValue.of(a.multiply(b));
        }
        return BinaryFloat.of(x).multiply(BinaryFloat.of(y)).toNumber();
    }

    static NumberValue div(NumberValue x, NumberValue y) throws BuiltinException {
        if (x.isLong() && y.isLong()) {
            long a = x.longValue();
            long b = y.longValue();
            if (b == 0) {
                throw BuiltinException.failed("div", "divide by zero");
            }
            if (a != 0 && b != -1 && a % b == 0) {
                return NumberValue.of(a / b);
            }
        }
        if (y.signum() == 0) {
            throw BuiltinException.failed("div", "divide by zero");
        }
        return BinaryFloat.of(x).divide(BinaryFloat.of(y)).toNumber();
    }

    static NumberValue rem(NumberValue x, NumberValue y) throws BuiltinException {
        BigInteger a = x.bigIntegerValue();
        BigInteger b = y.bigIntegerValue();
        if (a == null || b == null) {
            throw BuiltinException.failed("rem", "modulo on floating-point number");
        }
        if (b.signum() == 0) {
            throw BuiltinException.failed("rem", "modulo by zero");
        }
        return NumberValue.of(a.remainder(b));
    }

    private static Value minus(Value x, Value y) throws BuiltinException {
        if (x instanceof NumberValue a && y instanceof NumberValue b) {
            return minus(a, b);
        }
        if (x instanceof SetValue a && y instanceof SetValue b) {
            return Sets.difference(a, b);
        }
        // As OPA: the first operand decides what the second must be.
        throw Operands.typeError("minus", 2, y, x instanceof SetValue ? "set" : "number");
    }
}
