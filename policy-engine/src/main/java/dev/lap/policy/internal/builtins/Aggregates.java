package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.ValueOrder;
import java.math.BigInteger;
import java.util.List;

/**
 * Functions over a whole collection: {@code count}, {@code sum}, {@code product}, {@code max},
 * {@code min}, {@code sort}, the deprecated {@code all} and {@code any}, and the membership tests
 * behind {@code in}.
 */
final class Aggregates {
    private Aggregates() {}

    static void register(BuiltinRegistry r) {
        Type collection = Type.oneOf(Type.SET, Type.ARRAY);
        r.register(
                "count",
                List.of(Type.oneOf(Type.ARRAY, Type.OBJECT, Type.SET, Type.STRING)),
                Type.NUMBER,
                (a, ctx) -> NumberValue.of(count(a[0])));
        r.register("sum", List.of(collection), Type.NUMBER, (a, ctx) -> sum(a[0]));
        r.register("product", List.of(collection), Type.NUMBER, (a, ctx) -> product(a[0]));
        r.register("max", List.of(collection), Type.ANY, (a, ctx) -> extreme(a[0], 1));
        r.register("min", List.of(collection), Type.ANY, (a, ctx) -> extreme(a[0], -1));
        r.register("sort", List.of(collection), Type.ARRAY, (a, ctx) -> sort(a[0]));
        Type arrayOrSet = Type.oneOf(Type.ARRAY, Type.SET);
        r.registerRemovedInV1(
                "all",
                List.of(arrayOrSet),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(Operands.elements(a[0]).stream().allMatch(v -> v == BooleanValue.TRUE)));
        r.registerRemovedInV1(
                "any",
                List.of(arrayOrSet),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(Operands.elements(a[0]).stream().anyMatch(v -> v == BooleanValue.TRUE)));
        r.register(
                "internal.member_2",
                List.of(Type.ANY, Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(member(a[0], a[1])));
        r.register(
                "internal.member_3",
                List.of(Type.ANY, Type.ANY, Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(memberWithKey(a[0], a[1], a[2])));
    }

    private static long count(Value v) {
        return switch (v) {
            case ArrayValue a -> a.size();
            case ObjectValue o -> o.size();
            case SetValue s -> s.size();
            // Runes, not UTF-16 units.
            case StringValue s -> s.value().codePointCount(0, s.value().length());
            default -> throw new IllegalStateException("checked by the declaration");
        };
    }

    private static Value sum(Value collection) throws BuiltinException {
        List<Value> items = Operands.elements(collection);
        BigInteger exact = exactIntegers(items, BigInteger.ZERO, false);
        if (exact != null) {
            return NumberValue.of(exact);
        }
        BinaryFloat acc = BinaryFloat.ZERO;
        for (Value v : items) {
            acc = acc.add(BinaryFloat.of(number("sum", collection, v)));
        }
        return acc.toNumber();
    }

    private static Value product(Value collection) throws BuiltinException {
        List<Value> items = Operands.elements(collection);
        BigInteger exact = exactIntegers(items, BigInteger.ONE, true);
        if (exact != null) {
            return NumberValue.of(exact);
        }
        BinaryFloat acc = BinaryFloat.of(BigInteger.ONE);
        for (Value v : items) {
            acc = acc.multiply(BinaryFloat.of(number("product", collection, v)));
        }
        return acc.toNumber();
    }

    /** The exact sum or product when every element is an integer, else {@code null} (OPA then uses floats). */
    private static BigInteger exactIntegers(List<Value> items, BigInteger init, boolean multiply) {
        BigInteger acc = init;
        for (Value v : items) {
            if (!(v instanceof NumberValue n) || n.bigIntegerValue() == null) {
                return null;
            }
            acc = multiply ? acc.multiply(n.bigIntegerValue()) : acc.add(n.bigIntegerValue());
        }
        return acc;
    }

    private static NumberValue number(String name, Value collection, Value v) throws BuiltinException {
        if (v instanceof NumberValue n) {
            return n;
        }
        throw Operands.elementError(name, 1, collection, v, "number");
    }

    /** The greatest ({@code direction} 1) or least (-1) element; undefined when empty. */
    private static Value extreme(Value collection, int direction) {
        List<Value> items = Operands.elements(collection);
        if (items.isEmpty()) {
            return null;
        }
        Value best = items.get(0);
        for (Value v : items) {
            if (Integer.signum(ValueOrder.compare(v, best)) == direction) {
                best = v;
            }
        }
        return best;
    }

    private static ArrayValue sort(Value collection) {
        if (collection instanceof SetValue s) {
            return ArrayValue.of(s.asList());
        }
        Value[] items = ((ArrayValue) collection).toArray();
        java.util.Arrays.sort(items, ValueOrder::compare);
        return ArrayValue.wrap(items);
    }

    private static boolean member(Value x, Value collection) {
        return switch (collection) {
            case SetValue s -> s.contains(x);
            case ArrayValue a -> a.asList().contains(x);
            case ObjectValue o -> o.asMap().containsValue(x);
            default -> false;
        };
    }

    private static boolean memberWithKey(Value key, Value value, Value collection) {
        return switch (collection) {
            case SetValue s -> s.contains(key) && key.equals(value);
            case ObjectValue o -> value.equals(o.get(key));
            case ArrayValue a ->
                key instanceof NumberValue n
                        && n.isLong()
                        && n.longValue() >= 0
                        && n.longValue() < a.size()
                        && a.get((int) n.longValue()).equals(value);
            default -> false;
        };
    }
}
