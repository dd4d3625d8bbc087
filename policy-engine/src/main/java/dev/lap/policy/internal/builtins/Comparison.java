package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ValueOrder;
import java.util.List;
import java.util.function.IntPredicate;

/** {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}: any two values, in OPA's total order. */
final class Comparison {
    private Comparison() {}

    static void register(BuiltinRegistry r) {
        List<Type> two = List.of(Type.ANY, Type.ANY);
        r.register("equal", two, Type.BOOLEAN, (a, ctx) -> BooleanValue.of(a[0].equals(a[1])));
        r.register("neq", two, Type.BOOLEAN, (a, ctx) -> BooleanValue.of(!a[0].equals(a[1])));
        ordered(r, "lt", c -> c < 0);
        ordered(r, "lte", c -> c <= 0);
        ordered(r, "gt", c -> c > 0);
        ordered(r, "gte", c -> c >= 0);
    }

    private static void ordered(BuiltinRegistry r, String name, IntPredicate holds) {
        r.register(
                name,
                List.of(Type.ANY, Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(holds.test(ValueOrder.compare(a[0], a[1]))));
    }
}
