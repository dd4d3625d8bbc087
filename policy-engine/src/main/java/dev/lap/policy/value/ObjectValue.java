package dev.lap.policy.value;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An object: keys of any kind, iterated in OPA's key order. Immutable; build one with {@link
 * #builder()} or {@link #of}.
 */
public final class ObjectValue implements Value {
    public static final ObjectValue EMPTY = new ObjectValue(new Value[0], new Value[0]);

    private final Value[] keys;
    private final Value[] values;
    private volatile @Nullable Map<Value, Integer> index;
    private int hash;

    private ObjectValue(Value[] keys, Value[] values) {
        this.keys = keys;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder(8);
    }

    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public static ObjectValue of(Map<? extends Value, ? extends Value> entries) {
        Builder b = new Builder(entries.size());
        entries.forEach(b::put);
        return b.build();
    }

    /** An object of alternating keys and values: {@code of(k1, v1, k2, v2)}. */
    public static ObjectValue of(Value... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must alternate");
        }
        Builder b = new Builder(keysAndValues.length / 2);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            b.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return b.build();
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    public @Nullable Value get(Value key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    public @Nullable Value get(String key) {
        return get(StringValue.of(key));
    }

    public boolean containsKey(Value key) {
        return indexOf(key) >= 0;
    }

    /** The i-th key in iteration order. */
    public Value keyAt(int i) {
        return keys[i];
    }

    /** The value of the i-th key in iteration order. */
    public Value valueAt(int i) {
        return values[i];
    }

    private int indexOf(Value key) {
        if (keys.length <= SortedValues.SCAN_LIMIT) {
            return SortedValues.scan(keys, key);
        }
        if (keys.length <= SortedValues.SEARCH_LIMIT && key instanceof StringValue s) {
            return SortedValues.search(keys, s);
        }
        Map<Value, Integer> idx = index;
        if (idx == null) {
            idx = SortedValues.index(keys);
            index = idx;
        }
        Integer i = idx.get(key);
        return i == null ? -1 : i;
    }

    /** A read-only view, iterated in key order. */
    public Map<Value, Value> asMap() {
        return new MapView();
    }

    /** A builder seeded with this object's entries. */
    public Builder toBuilder() {
        Builder b = new Builder(keys.length + 4);
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        return b;
    }

    @Override
    public String typeName() {
        return "object";
    }

    @Override
    public int kindOrder() {
        return 5;
    }

    @Override
    public boolean equals(Object o) {
        // Keys are sorted and distinct, so equal objects have equal arrays.
        return this == o
                || (o instanceof ObjectValue other
                        && hashCode() == other.hashCode()
                        && Arrays.equals(keys, other.keys)
                        && Arrays.equals(values, other.values));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = (Arrays.hashCode(keys) * 31 + Arrays.hashCode(values)) * 31 + 5;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Json.write(this);
    }

    /** Collects entries; a later {@code put} of an equal key replaces the earlier value. */
    public static final class Builder {
        private Value[] keys;
        private Value[] values;
        private int size;
        private boolean built;

        private Builder(int expectedSize) {
            keys = new Value[Math.max(expectedSize, 1)];
            values = new Value[keys.length];
        }

        public Builder put(Value key, Value value) {
            if (built) {
                // The last build took the arrays: copy them before changing anything.
                keys = keys.clone();
                values = values.clone();
                built = false;
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        public Builder put(String key, Value value) {
            return put(StringValue.of(key), value);
        }

        public int size() {
            return size;
        }

        public ObjectValue build() {
            if (size == 0) {
                return EMPTY;
            }
            // A builder sized right (the usual case: the entry count was known) hands its arrays
            // over instead of copying them.
            boolean exact = size == keys.length;
            Value[] k = exact ? keys : Arrays.copyOf(keys, size);
            Value[] v = exact ? values : Arrays.copyOf(values, size);
            built = exact;
            int total = size;
            int n = SortedValues.isSortedDistinct(k, total) ? total : SortedValues.sortDistinct(k, v, total);
            if (exact) {
                size = n; // the arrays now hold the object's entries, sorted, duplicates dropped
            }
            return new ObjectValue(n == total ? k : Arrays.copyOf(k, n), n == total ? v : Arrays.copyOf(v, n));
        }
    }

    private final class MapView extends AbstractMap<Value, Value> {
        @Override
        public @Nullable Value get(Object key) {
            return key instanceof Value v ? ObjectValue.this.get(v) : null;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof Value v && ObjectValue.this.containsKey(v);
        }

        @Override
        public int size() {
            return keys.length;
        }

        @Override
        public Set<Entry<Value, Value>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public int size() {
                    return keys.length;
                }

                @Override
                public Iterator<Entry<Value, Value>> iterator() {
                    return new Iterator<>() {
                        private int i;

                        @Override
                        public boolean hasNext() {
                            return i < keys.length;
                        }

                        @Override
                        public Entry<Value, Value> next() {
                            if (i >= keys.length) {
                                throw new NoSuchElementException();
                            }
                            int at = i++;
                            return new SimpleImmutableEntry<>(keys[at], values[at]);
                        }
                    };
                }
            };
        }
    }
}
