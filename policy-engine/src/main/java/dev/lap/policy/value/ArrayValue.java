package dev.lap.policy.value;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** An array. Immutable; the hash is computed once, on first use. */
public final class ArrayValue implements Value {
    public static final ArrayValue EMPTY = new ArrayValue(new Value[0]);

    private final Value[] elements;
    private int hash;

    private ArrayValue(Value[] elements) {
        this.elements = elements;
    }

    public static ArrayValue of(Value... elements) {
        return elements.length == 0 ? EMPTY : new ArrayValue(elements.clone());
    }

    public static ArrayValue of(Collection<? extends Value> elements) {
        return elements.isEmpty() ? EMPTY : new ArrayValue(elements.toArray(new Value[0]));
    }

    /** Takes ownership of {@code elements}: the caller must not change the array afterwards. */
    public static ArrayValue wrap(Value[] elements) {
        return elements.length == 0 ? EMPTY : new ArrayValue(elements);
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    public Value get(int index) {
        return elements[index];
    }

    /** A read-only view. */
    public List<Value> asList() {
        return new ValueListView(elements);
    }

    public Value[] toArray() {
        return elements.clone();
    }

    @Override
    public String typeName() {
        return "array";
    }

    @Override
    public int kindOrder() {
        return 4;
    }

    @Override
    public boolean equals(Object o) {
        return this == o
                || (o instanceof ArrayValue other
                        && hashCode() == other.hashCode()
                        && Arrays.equals(elements, other.elements));
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(elements) * 31 + 4;
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return Json.write(this);
    }
}
