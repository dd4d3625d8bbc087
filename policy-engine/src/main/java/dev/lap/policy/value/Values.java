package dev.lap.policy.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Converts plain Java values (maps, lists, strings, numbers, booleans, null) to Rego values and back. */
public final class Values {
    private Values() {}

    /**
     * Converts {@code o}: {@code null}, {@link Boolean}, {@link Number}, {@link CharSequence},
     * {@link Map} (any keys), {@link Set} (to a set), other {@link Collection}s and arrays (to
     * arrays), and values as they are.
     *
     * @throws IllegalArgumentException naming the path of the first thing that has no Rego form
     */
    public static Value of(@Nullable Object o) {
        Value v = convert(o);
        // Only a failed conversion pays for naming paths: the gateway converts every request.
        return v != null ? v : of(o, "input");
    }

    /** {@link #of} without path bookkeeping; null when something has no Rego form. */
    private static @Nullable Value convert(@Nullable Object o) {
        // The commonest kinds first, by instanceof: a pattern switch over this many types cost
        // more than the conversion itself.
        if (o instanceof String s) {
            return StringValue.of(s);
        }
        if (o instanceof Integer i) {
            return NumberValue.of(i.longValue());
        }
        if (o instanceof Boolean b) {
            return BooleanValue.of(b);
        }
        switch (o) {
            case null -> {
                return NullValue.NULL;
            }
            case Value v -> {
                return v;
            }
            case CharSequence s -> {
                return StringValue.of(s.toString());
            }
            case Map<?, ?> m -> {
                ObjectValue.Builder b = ObjectValue.builder(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    Value k = convert(e.getKey());
                    Value v = convert(e.getValue());
                    if (k == null || v == null) {
                        return null;
                    }
                    b.put(k, v);
                }
                return b.build();
            }
            case Set<?> s -> {
                SetValue.Builder b = SetValue.builder();
                for (Object e : s) {
                    Value v = convert(e);
                    if (v == null) {
                        return null;
                    }
                    b.add(v);
                }
                return b.build();
            }
            case java.util.List<?> l
            when l instanceof java.util.RandomAccess -> {
                Value[] items = new Value[l.size()];
                for (int i = 0; i < items.length; i++) {
                    Value v = convert(l.get(i));
                    if (v == null) {
                        return null;
                    }
                    items[i] = v;
                }
                return ArrayValue.wrap(items);
            }
            case Double d -> {
                return Double.isNaN(d) || Double.isInfinite(d) ? null : NumberValue.of(d);
            }
            case Float f -> {
                return Float.isNaN(f) || Float.isInfinite(f) ? null : NumberValue.of(f.doubleValue());
            }
            case Collection<?> c -> {
                Value[] items = new Value[c.size()];
                int i = 0;
                for (Object e : c) {
                    Value v = convert(e);
                    if (v == null || i == items.length) {
                        return null;
                    }
                    items[i++] = v;
                }
                return i == items.length ? ArrayValue.wrap(items) : null;
            }
            case Object[] a -> {
                Value[] items = new Value[a.length];
                for (int i = 0; i < a.length; i++) {
                    Value v = convert(a[i]);
                    if (v == null) {
                        return null;
                    }
                    items[i] = v;
                }
                return ArrayValue.wrap(items);
            }
            default -> {
                try {
                    return of(o, "input");
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
    }

    private static Value of(@Nullable Object o, String path) {
        return switch (o) {
            case null -> NullValue.NULL;
            case Value v -> v;
            case Boolean b -> BooleanValue.of(b);
            case CharSequence s -> StringValue.of(s.toString());
            case Integer i -> NumberValue.of(i.longValue());
            case Long l -> NumberValue.of(l.longValue());
            case Short s -> NumberValue.of(s.longValue());
            case Byte b -> NumberValue.of(b.longValue());
            case BigInteger b -> NumberValue.of(b);
            case BigDecimal b -> NumberValue.of(b);
            case Double d -> finite(d, path);
            case Float f -> finite(f.doubleValue(), path);
            case Map<?, ?> m -> {
                ObjectValue.Builder b = ObjectValue.builder(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    String keyPath = path + "[" + e.getKey() + "]";
                    b.put(of(e.getKey(), keyPath), of(e.getValue(), keyPath));
                }
                yield b.build();
            }
            case Set<?> s -> {
                SetValue.Builder b = SetValue.builder();
                int i = 0;
                for (Object e : s) {
                    b.add(of(e, path + "{" + i++ + "}"));
                }
                yield b.build();
            }
            case Collection<?> c -> {
                Value[] items = new Value[c.size()];
                int i = 0;
                for (Object e : c) {
                    items[i] = of(e, path + "[" + i + "]");
                    i++;
                }
                yield ArrayValue.wrap(items);
            }
            case Object[] a -> {
                Value[] items = new Value[a.length];
                for (int i = 0; i < a.length; i++) {
                    items[i] = of(a[i], path + "[" + i + "]");
                }
                yield ArrayValue.wrap(items);
            }
            default ->
                throw new IllegalArgumentException(path + ": a " + o.getClass().getName()
                        + " has no Rego value; use maps, lists, strings, numbers, booleans or null");
        };
    }

    private static Value finite(double d, String path) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(path + ": " + d + " is not a finite number");
        }
        return NumberValue.of(d);
    }

    /**
     * Converts back to plain Java: objects to maps (insertion in key order), arrays to lists, sets
     * to sets, numbers to {@link Long} or {@link BigDecimal}.
     */
    public static @Nullable Object toJava(Value v) {
        return switch (v) {
            case NullValue n -> null;
            case BooleanValue b -> b.value();
            case NumberValue n -> n.isLong() ? (Object) n.longValue() : n.bigDecimalValue();
            case StringValue s -> s.value();
            case ArrayValue a -> {
                java.util.List<@Nullable Object> out = new java.util.ArrayList<>(a.size());
                for (Value e : a.asList()) {
                    out.add(toJava(e));
                }
                yield out;
            }
            case SetValue s -> {
                Set<@Nullable Object> out = new java.util.LinkedHashSet<>();
                for (Value e : s.asList()) {
                    out.add(toJava(e));
                }
                yield out;
            }
            case ObjectValue o -> {
                Map<@Nullable Object, @Nullable Object> out = new java.util.LinkedHashMap<>();
                for (int i = 0; i < o.size(); i++) {
                    out.put(toJava(o.keyAt(i)), toJava(o.valueAt(i)));
                }
                yield out;
            }
        };
    }
}
