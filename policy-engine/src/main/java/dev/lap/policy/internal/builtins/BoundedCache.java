package dev.lap.policy.internal.builtins;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent memo of compiled patterns with a fixed capacity. Past capacity an arbitrary entry
 * is dropped (as OPA drops one from its regex cache): policies use a handful of patterns, so the
 * cache stays warm, while patterns built from input cannot grow it without bound.
 */
final class BoundedCache<K, V> {
    private final int capacity;
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();

    BoundedCache(int capacity) {
        this.capacity = capacity;
    }

    /** The cached value, or the computed one, which is cached; {@code compute} may throw to cache nothing. */
    <E extends Exception> V get(K key, Compiler<K, V, E> compute) throws E {
        V v = entries.get(key);
        if (v != null) {
            return v;
        }
        v = compute.compile(key);
        if (entries.size() >= capacity) {
            Iterator<K> it = entries.keySet().iterator();
            if (it.hasNext()) {
                entries.remove(it.next());
            }
        }
        entries.put(key, v);
        return v;
    }

    @FunctionalInterface
    interface Compiler<K, V, E extends Exception> {
        V compile(K key) throws E;
    }

    /** Adapts a function that cannot fail. */
    static <K, V> Compiler<K, V, RuntimeException> of(Function<K, V> f) {
        return f::apply;
    }
}
