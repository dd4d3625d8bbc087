package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import java.util.List;

/** Set algebra: {@code &}, {@code |}, {@code -} on sets, and the n-ary {@code intersection} and {@code union}. */
final class Sets {
    private Sets() {}

    static void register(BuiltinRegistry r) {
        List<Type> two = List.of(Type.SET, Type.SET);
        r.register("and", two, Type.SET, (a, ctx) -> intersect((SetValue) a[0], (SetValue) a[1]));
        r.register("or", two, Type.SET, (a, ctx) -> unite((SetValue) a[0], (SetValue) a[1]));
        r.registerRemovedInV1("set_diff", two, Type.SET, (a, ctx) -> difference((SetValue) a[0], (SetValue) a[1]));
        r.register("intersection", List.of(Type.SET), Type.SET, (a, ctx) -> intersection("intersection", a[0]));
        r.register("union", List.of(Type.SET), Type.SET, (a, ctx) -> union("union", a[0]));
    }

    static SetValue intersect(SetValue x, SetValue y) {
        if (x.size() > y.size()) {
            return intersect(y, x);
        }
        SetValue.Builder b = SetValue.builder();
        for (Value v : x.asList()) {
            if (y.contains(v)) {
                b.add(v);
            }
        }
        return b.size() == x.size() ? x : b.build();
    }

    static SetValue unite(SetValue x, SetValue y) {
        if (y.isEmpty()) {
            return x;
        }
        if (x.isEmpty()) {
            return y;
        }
        return SetValue.builder().addAll(x).addAll(y).build();
    }

    static SetValue difference(SetValue x, SetValue y) {
        SetValue.Builder b = SetValue.builder();
        for (Value v : x.asList()) {
            if (!y.contains(v)) {
                b.add(v);
            }
        }
        return b.size() == x.size() ? x : b.build();
    }

    private static SetValue intersection(String name, Value sets) throws BuiltinException {
        SetValue acc = null;
        for (Value v : ((SetValue) sets).asList()) {
            if (!(v instanceof SetValue s)) {
                throw Operands.elementError(name, 1, sets, v, "set");
            }
            acc = acc == null ? s : intersect(acc, s);
        }
        return acc == null ? SetValue.EMPTY : acc;
    }

    private static SetValue union(String name, Value sets) throws BuiltinException {
        SetValue.Builder b = SetValue.builder();
        for (Value v : ((SetValue) sets).asList()) {
            if (!(v instanceof SetValue s)) {
                throw Operands.elementError(name, 1, sets, v, "set");
            }
            b.addAll(s);
        }
        return b.build();
    }
}
