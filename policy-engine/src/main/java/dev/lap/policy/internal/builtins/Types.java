package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.List;
import java.util.function.Predicate;

/** Kind tests: {@code is_number} and friends, and {@code type_name}. */
final class Types {
    private Types() {}

    static void register(BuiltinRegistry r) {
        test(r, "is_number", v -> v instanceof NumberValue);
        test(r, "is_string", v -> v instanceof StringValue);
        test(r, "is_boolean", v -> v instanceof BooleanValue);
        test(r, "is_array", v -> v instanceof ArrayValue);
        test(r, "is_set", v -> v instanceof SetValue);
        test(r, "is_object", v -> v instanceof ObjectValue);
        test(r, "is_null", v -> v instanceof NullValue);
        r.register("type_name", List.of(Type.ANY), Type.STRING, (a, ctx) -> StringValue.of(a[0].typeName()));
    }

    private static void test(BuiltinRegistry r, String name, Predicate<Value> is) {
        r.register(name, List.of(Type.ANY), Type.BOOLEAN, (a, ctx) -> BooleanValue.of(is.test(a[0])));
    }
}
