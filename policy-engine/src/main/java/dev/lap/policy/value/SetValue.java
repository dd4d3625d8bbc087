package dev.lap.policy.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A set, iterated in OPA's order. Immutable; build one with {@link #builder()} or {@link #of}. */
public final class SetValue implements Value {
    public static final SetValue EMPTY = new SetValue(new Value[0]);

    private final Value[] elements;
    private volatile @Nullable Map<Value, Integer> index;
    private int hash;

    private SetValue(Value[] elements) {
        this.elements = elements;
    }

    public static Builder builder() {
        return new Builder(8);
    }

    public static SetValue of(Value... elements) {
        Builder b = new Builder(elements.length);
        for (Value e : elements) {
            b.add(e);
        }
        return b.build();
    }

    public static SetValue of(Collection<? extends Value> elements) {
        Builder b = new Builder(elements.size());
        for (Value e : elements) {
            b.add(e);
        }
        return b.build();
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    public boolean contains(Value v) {
        if (elements.length <= SortedValues.SCAN_LIMIT) {
            return SortedValues.scan(elements, v) >= 0;
        }
        if (elements.length <= SortedValues.SEARCH_LIMIT && v instanceof StringValue s) {
            return SortedValues.search(elements, s) >= 0;
        }
        Map<Value, Integer> idx = index;
        if (idx == null) {
            idx = SortedValues.index(elements);
            index = idx;
        }
        return idx.containsKey(v);
    }

    /** The i-th element in iteration order. */
    public Value get(int i) {
        return elements[i];
    }

    /** A read-only view of the elements in order. */
    public List<Value> asList() {
        return new ValueListView(elements);
    }

    @Override
    public String typeName() {
        return "set";
    }

    @Override
    public int kindOrder() {
        return 6;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof SetValue other
                        && hashCode() == other.hashCode()
                        && Arrays.equals(elements, other.elements));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(elements) * 31 + 6;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Json.write(this);
    }

    /** Collects elements; duplicates are dropped when the set is built. */
    public static final class Builder {
        private Value[] elements;
        private int size;
        private boolean built;

        private Builder(int expectedSize) {
            elements = new Value[Math.max(expectedSize, 1)];
        }

        public Builder add(Value v) {
            if (built) {
                // The last build took the array: copy it before changing anything.
                elements = elements.clone();
                built = false;
            }
            if (size == elements.length) {
                elements = Arrays.copyOf(elements, size * 2);
            }
            elements[size++] = v;
            return this;
        }

        public Builder addAll(SetValue s) {
            for (Value v : s.elements) {
                add(v);
            }
            return this;
        }

        public int size() {
            return size;
        }

        public SetValue build() {
            if (size == 0) {
                return EMPTY;
            }
            // A builder sized right hands its array over instead of copying it.
            boolean exact = size == elements.length;
            Value[] e = exact ? elements : Arrays.copyOf(elements, size);
            built = exact;
            int total = size;
            int n = SortedValues.isSortedDistinct(e, total) ? total : SortedValues.sortDistinct(e, null, total);
            if (exact) {
                size = n; // the array now holds the set's elements, sorted, duplicates dropped
            }
            return new SetValue(n == total ? e : Arrays.copyOf(e, n));
        }
    }
}
