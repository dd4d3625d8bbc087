package dev.lap.policy.value;

import java.util.AbstractList;
import java.util.RandomAccess;

/** A read-only list over the element array of an array or a set, which never changes. */
final class ValueListView extends AbstractList<Value> implements RandomAccess {
    private final Value[] elements;

    ValueListView(Value[] elements) {
        this.elements = elements;
    }

    @Override
    public Value get(int index) {
        return elements[index];
    }

    @Override
    public int size() {
        return elements.length;
    }
}
