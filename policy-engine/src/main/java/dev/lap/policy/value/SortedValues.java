package dev.lap.policy.value;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The shared storage of sets and objects: distinct keys in OPA's order, so iteration is ordered
 * for free, with a hash index built on the first lookup into a collection too large to scan.
 */
final class SortedValues {
    /** Up to this many keys a linear scan beats hashing. */
    static final int SCAN_LIMIT = 8;

    /**
     * Up to this many keys a string is found by binary search over the sorted keys instead of a
     * hash index: a request's headers or fields are a little over the scan limit, and building an
     * index for one lookup into a collection made for one evaluation cost more than the lookup.
     */
    static final int SEARCH_LIMIT = 64;

    private SortedValues() {}

    /** Sorts {@code keys} (and {@code values} alongside, when given) and drops duplicate keys, last wins. */
    static int sortDistinct(Value[] keys, Value @Nullable [] values, int n) {
        if (n < 2) {
            return n;
        }
        if (n <= 32) {
            return sortDistinctInPlace(keys, values, n);
        }
        int[] order = stableOrder(keys, n);
        Value[] k = new Value[n];
        Value[] v = values == null ? null : new Value[n];
        int out = 0;
        for (int i = 0; i < n; i++) {
            int src = order[i];
            if (out > 0 && keys[src].equals(k[out - 1])) {
                if (v != null) {
                    v[out - 1] = values[src];
                }
                continue;
            }
            k[out] = keys[src];
            if (v != null) {
                v[out] = values[src];
            }
            out++;
        }
        System.arraycopy(k, 0, keys, 0, out);
        if (v != null) {
            System.arraycopy(v, 0, values, 0, out);
        }
        return out;
    }

    /**
     * {@link #sortDistinct} for the small collections requests are made of: a stable insertion
     * sort of both arrays at once, then duplicates squeezed out, with no temporary arrays (the
     * input of every evaluation is sorted here, map by map).
     */
    private static int sortDistinctInPlace(Value[] keys, Value @Nullable [] values, int n) {
        for (int i = 1; i < n; i++) {
            Value k = keys[i];
            Value v = values == null ? null : values[i];
            int j = i - 1;
            while (j >= 0 && ValueOrder.compare(keys[j], k) > 0) {
                keys[j + 1] = keys[j];
                if (values != null) {
                    values[j + 1] = values[j];
                }
                j--;
            }
            keys[j + 1] = k;
            if (values != null) {
                values[j + 1] = v;
            }
        }
        int out = 1;
        for (int i = 1; i < n; i++) {
            if (keys[i].equals(keys[out - 1])) {
                // Stable, so the later of two equal keys comes second: it wins.
                if (values != null) {
                    values[out - 1] = values[i];
                }
                continue;
            }
            keys[out] = keys[i];
            if (values != null) {
                values[out] = values[i];
            }
            out++;
        }
        for (int i = out; i < n; i++) {
            keys[i] = null;
            if (values != null) {
                values[i] = null;
            }
        }
        return out;
    }

    /**
     * Indexes of {@code keys[0..n)} in key order, equal keys in their original order (so the last
     * of them wins). Insertion sort for the small collections requests are made of, which needs
     * no boxing; a merge sort beyond that.
     */
    private static int[] stableOrder(Value[] keys, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        if (n <= 32) {
            for (int i = 1; i < n; i++) {
                int cur = order[i];
                int j = i - 1;
                while (j >= 0 && ValueOrder.compare(keys[order[j]], keys[cur]) > 0) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = cur;
            }
            return order;
        }
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> ValueOrder.compare(keys[a], keys[b]));
        for (int i = 0; i < n; i++) {
            order[i] = boxed[i];
        }
        return order;
    }

    static boolean isSortedDistinct(Value[] keys, int n) {
        for (int i = 1; i < n; i++) {
            if (ValueOrder.compare(keys[i - 1], keys[i]) >= 0) {
                return false;
            }
        }
        return true;
    }

    static Map<Value, Integer> index(Value[] keys) {
        Map<Value, Integer> index = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            index.put(keys[i], i);
        }
        return index;
    }

    /**
     * Binary search for a string among sorted keys. Only for strings, whose order agrees with
     * their equality; numbers such as 1 and 1.0 need the hash index.
     */
    static int search(Value[] keys, StringValue key) {
        int lo = 0;
        int hi = keys.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = ValueOrder.compare(keys[mid], key);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    static int scan(Value[] keys, Value key) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
