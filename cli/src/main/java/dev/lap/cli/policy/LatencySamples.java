package dev.lap.cli.policy;

import java.util.Arrays;

/**
 * Every measured call's latency in nanoseconds, kept whole and sorted once at the end: exact
 * percentiles for a run of a few seconds, with no histogram library. Sorting happens in place,
 * once, in {@link #percentiles()}. Capacity is bounded so a
 * very fast query cannot exhaust the heap; {@link #full()} tells the caller to stop measuring.
 */
final class LatencySamples {
    static final int MAX_SAMPLES = 1 << 23;

    private long[] nanos = new long[1 << 16];
    private int size;

    void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.min(MAX_SAMPLES, nanos.length * 2));
        }
        nanos[size++] = latencyNanos;
    }

    boolean full() {
        return size == MAX_SAMPLES;
    }

    int size() {
        return size;
    }

    Percentiles percentiles() {
        if (size == 0) {
            throw new IllegalStateException("no samples");
        }
        Arrays.sort(nanos, 0, size);
        return new Percentiles(rank(500), rank(900), rank(990), rank(999), nanos[size - 1]);
    }

    /**
     * Nearest rank: the smallest sample with at least {@code perMille}/1000 of the samples at or
     * below it. Integer arithmetic, because 99.9 / 100 * 1000 is not 999 in floating point.
     */
    private long rank(long perMille) {
        long index = (perMille * size + 999) / 1000 - 1;
        return nanos[(int) Math.max(0, index)];
    }

    record Percentiles(long p50, long p90, long p99, long p999, long max) {}
}
