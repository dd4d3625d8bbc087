package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.List;

/** The {@code object.*} builtins. */
final class ObjectFunctions {
    private ObjectFunctions() {}

    static void register(BuiltinRegistry r) {
        r.register("object.get", List.of(Type.OBJECT, Type.ANY, Type.ANY), Type.ANY, (a, ctx) -> get(a));
        r.register("object.keys", List.of(Type.OBJECT), Type.SET, (a, ctx) -> keys((ObjectValue) a[0]));
        r.register(
                "object.union",
                List.of(Type.OBJECT, Type.OBJECT),
                Type.OBJECT,
                (a, ctx) -> union((ObjectValue) a[0], (ObjectValue) a[1]));
        r.register("object.union_n", List.of(Type.ARRAY), Type.OBJECT, (a, ctx) -> unionN(a[0]));
        Type keys = Type.oneOf(Type.OBJECT, Type.SET, Type.ARRAY);
        r.register(
                "object.remove",
                List.of(Type.OBJECT, keys),
                Type.OBJECT,
                (a, ctx) -> select((ObjectValue) a[0], keySet(a[1]), false));
        r.register(
                "object.filter",
                List.of(Type.OBJECT, keys),
                Type.OBJECT,
                (a, ctx) -> select((ObjectValue) a[0], keySet(a[1]), true));
        Type composite = Type.oneOf(Type.ARRAY, Type.OBJECT, Type.SET);
        r.register("object.subset", List.of(composite, composite), Type.BOOLEAN, (a, ctx) -> subset(a[0], a[1]));
    }

    /**
     * The value at a key, or at a path when the key is an array (the empty path is the object
     * itself); the default when there is nothing there.
     */
    private static Value get(Value[] a) {
        ObjectValue object = (ObjectValue) a[0];
        if (!(a[1] instanceof ArrayValue path)) {
            Value v = object.get(a[1]);
            return v == null ? a[2] : v;
        }
        Value at = object;
        for (Value step : path.asList()) {
            at = child(at, step);
            if (at == null) {
                return a[2];
            }
        }
        return at;
    }

    private static Value child(Value parent, Value key) {
        return switch (parent) {
            case ObjectValue o -> o.get(key);
            case ArrayValue arr ->
                key instanceof NumberValue n && n.isLong() && n.longValue() >= 0 && n.longValue() < arr.size()
                        ? arr.get((int) n.longValue())
                        : null;
            case SetValue s -> s.contains(key) ? key : null;
            default -> null;
        };
    }

    private static SetValue keys(ObjectValue o) {
        SetValue.Builder b = SetValue.builder();
        for (int i = 0; i < o.size(); i++) {
            b.add(o.keyAt(i));
        }
        return b.build();
    }

    /** A deep merge: where both sides hold objects they are merged, otherwise the right side wins. */
    static ObjectValue union(ObjectValue left, ObjectValue right) {
        if (left.isEmpty()) {
            return right;
        }
        if (right.isEmpty()) {
            return left;
        }
        ObjectValue.Builder b = left.toBuilder();
        for (int i = 0; i < right.size(); i++) {
            Value k = right.keyAt(i);
            Value v = right.valueAt(i);
            if (left.get(k) instanceof ObjectValue l && v instanceof ObjectValue rv) {
                v = union(l, rv);
            }
            b.put(k, v);
        }
        return b.build();
    }

    private static ObjectValue unionN(Value objects) throws BuiltinException {
        ObjectValue acc = ObjectValue.EMPTY;
        for (Value v : ((ArrayValue) objects).asList()) {
            if (!(v instanceof ObjectValue o)) {
                throw Operands.elementError("object.union_n", 1, objects, v, "object");
            }
            acc = union(acc, o);
        }
        return acc;
    }

    private static SetValue keySet(Value keys) {
        return switch (keys) {
            case SetValue s -> s;
            case ArrayValue a -> SetValue.of(a.asList());
            case ObjectValue o -> keys(o);
            default -> throw new IllegalStateException("checked by the declaration");
        };
    }

    /** The entries whose key is in {@code keys} ({@code keep}) or not in it. */
    private static ObjectValue select(ObjectValue o, SetValue keys, boolean keep) {
        ObjectValue.Builder b = ObjectValue.builder(o.size());
        for (int i = 0; i < o.size(); i++) {
            if (keys.contains(o.keyAt(i)) == keep) {
                b.put(o.keyAt(i), o.valueAt(i));
            }
        }
        return b.size() == o.size() ? o : b.build();
    }

    private static Value subset(Value sup, Value sub) throws BuiltinException {
        if (sup instanceof ArrayValue arr && sub instanceof SetValue set) {
            int unmatched = set.size();
            for (Value v : arr.asList()) {
                if (set.contains(v)) {
                    unmatched--;
                }
                // OPA stops only on reaching zero, so a set with an element the array repeats can pass.
                if (unmatched == 0) {
                    return BooleanValue.TRUE;
                }
            }
            return BooleanValue.FALSE;
        }
        if (sup.kindOrder() != sub.kindOrder()) {
            throw BuiltinException.type(
                    "object.subset", "both arguments object.subset must be of the same type or array and set");
        }
        return BooleanValue.of(isSubset(sup, sub));
    }

    private static boolean isSubset(Value sup, Value sub) {
        return switch (sup) {
            case ObjectValue o -> sub instanceof ObjectValue s && objectSubset(o, s);
            case SetValue o -> sub instanceof SetValue s && s.asList().stream().allMatch(o::contains);
            case ArrayValue o -> sub instanceof ArrayValue s && arraySubset(o.asList(), s.asList());
            default -> false;
        };
    }

    private static boolean objectSubset(ObjectValue sup, ObjectValue sub) {
        for (int i = 0; i < sub.size(); i++) {
            Value superValue = sup.get(sub.keyAt(i));
            Value subValue = sub.valueAt(i);
            if (superValue == null) {
                return false;
            }
            if (!subValue.equals(superValue)
                    && !(superValue.kindOrder() == subValue.kindOrder() && isSubset(superValue, subValue))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code sub} occurs in {@code sup} as a contiguous run. */
    private static boolean arraySubset(List<Value> sup, List<Value> sub) {
        if (sub.size() > sup.size()) {
            return false;
        }
        return java.util.Collections.indexOfSubList(new ArrayList<>(sup), sub) >= 0;
    }
}
