package dev.lap.policy.value;

/**
 * OPA's total order over values: by kind first (null, boolean, number, string, array, object,
 * set), then within a kind. Arrays and sets compare element by element, the shorter first when
 * one is a prefix of the other; objects compare key, then value, pair by pair in key order.
 */
public final class ValueOrder {
    private ValueOrder() {}

    public static int compare(Value a, Value b) {
        if (a == b) {
            return 0;
        }
        if (a instanceof StringValue x && b instanceof StringValue y) {
            // Object keys are almost always strings: skip the kind dispatch.
            return Integer.signum(StringValue.compareStrings(x.value(), y.value()));
        }
        int kinds = Integer.compare(a.kindOrder(), b.kindOrder());
        if (kinds != 0) {
            return kinds;
        }
        return switch (a) {
            case NullValue n -> 0;
            case BooleanValue x -> Boolean.compare(x.value(), ((BooleanValue) b).value());
            case NumberValue x -> x.compareNumber((NumberValue) b);
            case StringValue x -> Integer.signum(StringValue.compareStrings(x.value(), ((StringValue) b).value()));
            case ArrayValue x -> compareSequences(x.asList(), ((ArrayValue) b).asList());
            case SetValue x -> compareSequences(x.asList(), ((SetValue) b).asList());
            case ObjectValue x -> compareObjects(x, (ObjectValue) b);
        };
    }

    private static int compareSequences(java.util.List<Value> a, java.util.List<Value> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareObjects(ObjectValue a, ObjectValue b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.keyAt(i), b.keyAt(i));
            if (c != 0) {
                return c;
            }
            c = compare(a.valueAt(i), b.valueAt(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
