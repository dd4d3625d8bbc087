package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.List;

/** The {@code array.*} builtins. */
final class ArrayFunctions {
    private ArrayFunctions() {}

    static void register(BuiltinRegistry r) {
        r.register("array.concat", List.of(Type.ARRAY, Type.ARRAY), Type.ARRAY, (a, ctx) -> {
            ArrayValue x = (ArrayValue) a[0];
            ArrayValue y = (ArrayValue) a[1];
            if (y.isEmpty()) {
                return x;
            }
            if (x.isEmpty()) {
                return y;
            }
            List<Value> out = new ArrayList<>(x.size() + y.size());
            out.addAll(x.asList());
            out.addAll(y.asList());
            return ArrayValue.of(out);
        });
        r.register("array.slice", List.of(Type.ARRAY, Type.NUMBER, Type.NUMBER), Type.ARRAY, ArrayFunctions::slice);
        r.register("array.reverse", List.of(Type.ARRAY), Type.ARRAY, (a, ctx) -> {
            Value[] items = ((ArrayValue) a[0]).toArray();
            java.util.Collections.reverse(java.util.Arrays.asList(items));
            return ArrayValue.wrap(items);
        });
        // One level only: [[1], [[2]]] becomes [1, [2]].
        r.register("array.flatten", List.of(Type.ARRAY), Type.ARRAY, (a, ctx) -> {
            List<Value> out = new ArrayList<>();
            for (Value v : ((ArrayValue) a[0]).asList()) {
                if (v instanceof ArrayValue inner) {
                    out.addAll(inner.asList());
                } else {
                    out.add(v);
                }
            }
            return ArrayValue.of(out);
        });
    }

    /** Indexes are clamped as OPA clamps them: stop into [0, size], start into [0, stop]. */
    private static Value slice(Value[] a, BuiltinContext ctx) throws BuiltinException {
        ArrayValue arr = (ArrayValue) a[0];
        long start = Operands.integer("array.slice", a[1], 2);
        long stop = Operands.integer("array.slice", a[2], 3);
        stop = Math.max(0, Math.min(stop, arr.size()));
        start = Math.max(0, Math.min(start, stop));
        if (start == 0 && stop == arr.size()) {
            return arr;
        }
        return ArrayValue.of(arr.asList().subList((int) start, (int) stop));
    }
}
