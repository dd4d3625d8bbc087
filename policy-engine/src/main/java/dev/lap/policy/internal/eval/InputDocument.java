package dev.lap.policy.internal.eval;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Values;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The input document of one evaluation. The gateway hands over Java maps and lists; converting
 * all of them to Rego values (sorting every object's keys) was a fifth of the egress decision,
 * which reads a handful of fields. So a ref with known keys ({@code input.request.host}) is
 * followed through the Java maps and only the value it reaches is converted; the whole document
 * is converted once, on first need, for anything else (enumeration, {@code with}, a key that is
 * not a string).
 *
 * <p>Only documents that convert without error and whose maps are the JDK's standard maps with
 * string keys are read this way, checked once up front without allocating; for them a lookup in
 * the Java map finds exactly what a lookup in the converted object would. Anything else is
 * converted eagerly, as before. The caller must not change the maps during the evaluation.
 */
final class InputDocument {
    private final @Nullable Object raw;
    private @Nullable Value value;

    private InputDocument(@Nullable Object raw, @Nullable Value value) {
        this.raw = raw;
        this.value = value;
    }

    static InputDocument of(Value v) {
        return new InputDocument(null, v);
    }

    /**
     * The input for {@code o}: read in place when it is plain, else converted now.
     *
     * @throws IllegalArgumentException from {@link Values#of}: {@code o} has no Rego form
     */
    static InputDocument ofJava(Object o) {
        if (o instanceof Value v) {
            return of(v);
        }
        return plain(o, 0) ? new InputDocument(o, null) : of(Values.of(o));
    }

    /** The whole document as a value. */
    Value value() {
        Value v = value;
        if (v == null) {
            v = Values.of(raw);
            value = v;
        }
        return v;
    }

    /**
     * Parts of the document converted so far and their values, in pairs (part, value), parts
     * compared by identity; grown from two pairs to {@link #CONVERTED}.
     */
    private Object @Nullable [] converted;

    private int convertedPairs;

    private static final int CONVERTED = 8;

    /**
     * {@code o}, a part of the raw document, as a value; the same part read again (the same host
     * in every glob test, the credential list in two rules) is converted once. A few entries
     * scanned by identity: a decision reads a handful of parts, and a part past the last entry
     * is simply converted again.
     */
    Value convert(Object o) {
        Object[] c = converted;
        int n = convertedPairs;
        for (int i = 0; i < n; i++) {
            if (c[2 * i] == o) {
                return (Value) c[2 * i + 1];
            }
        }
        Value v = Values.of(o);
        if (c == null) {
            c = converted = new Object[4];
        } else if (2 * n == c.length && n < CONVERTED) {
            c = converted = Arrays.copyOf(c, 2 * c.length);
        }
        if (2 * n < c.length) {
            c[2 * n] = o;
            c[2 * n + 1] = v;
            convertedPairs = n + 1;
        }
        return v;
    }

    /** Whether {@link #raw()} holds the document as Java objects, not yet converted. */
    boolean isRaw() {
        return raw != null && value == null;
    }

    @Nullable Object raw() {
        return raw;
    }

    /** Marks a step {@link #child} cannot take in the Java objects. */
    static final Object CONVERT = new Object();

    /**
     * The child of a plain Java document at {@code key}: {@link #CONVERT} when the lookup needs
     * the converted value, {@code null} when there is no such child. A Java {@code null} value
     * is returned as Rego's null.
     */
    static @Nullable Object child(Object o, Value key) {
        if (o instanceof Map<?, ?> m) {
            if (!(key instanceof StringValue s)) {
                return CONVERT;
            }
            Object c = m.get(s.value());
            return c != null || !m.containsKey(s.value()) ? c : dev.lap.policy.value.NullValue.NULL;
        }
        if (o instanceof List<?> l) {
            if (key instanceof NumberValue n && n.isLong()) {
                long i = n.longValue();
                Object c = i >= 0 && i < l.size() ? l.get((int) i) : null;
                return c != null || i < 0 || i >= l.size() ? c : dev.lap.policy.value.NullValue.NULL;
            }
            return null;
        }
        if (o instanceof Value) {
            return CONVERT;
        }
        // Sets and arrays: look them up as values. Scalars have no children.
        return o instanceof Set<?> || o instanceof Object[] ? CONVERT : null;
    }

    /** Deep enough to be a cycle or a hostile document: convert it eagerly, which reports it. */
    private static final int MAX_DEPTH = 64;

    /** Converts without error, and every map is a standard one keyed by strings. */
    private static boolean plain(@Nullable Object o, int depth) {
        if (o == null
                || o instanceof String
                || o instanceof Boolean
                || o instanceof Integer
                || o instanceof Long
                || o instanceof Value
                || o instanceof Short
                || o instanceof Byte
                || o instanceof BigInteger
                || o instanceof BigDecimal) {
            return true;
        }
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (o instanceof Map<?, ?> m) {
            if (!standardMap(m)) {
                return false;
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String) || !plain(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (o instanceof List<?> l) {
            for (Object e : l) {
                if (!plain(e, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (o instanceof Double d) {
            return !d.isNaN() && !d.isInfinite();
        }
        if (o instanceof Float f) {
            return !f.isNaN() && !f.isInfinite();
        }
        // Sets, arrays, other collections and char sequences convert fine but are rare in input;
        // the eager path handles them.
        return false;
    }

    /** Maps whose {@code get} finds a key by {@link String#equals}. */
    private static boolean standardMap(Map<?, ?> m) {
        return m instanceof HashMap<?, ?>
                || m instanceof ConcurrentHashMap<?, ?>
                || (m instanceof TreeMap<?, ?> t && t.comparator() == null)
                || m.getClass().getName().startsWith("java.util.ImmutableCollections$");
    }
}
