package dev.lap.vault.scrub;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An Aho–Corasick automaton over bytes: a trie of the targets with failure links, so each input
 * byte costs amortised O(1) however many patterns there are.
 *
 * <p>The root's transitions are a dense table (most bytes of ordinary traffic leave from the
 * root); every other state keeps its few children in small sorted arrays, so the memory stays
 * proportional to the total pattern length rather than 256 ints per state.
 *
 * <p>Immutable once built and shared by every stream of a {@link Scrubber}.
 */
final class Automaton {
    private static final byte[] NO_KEYS = new byte[0];
    private static final int[] NO_TARGETS = new int[0];

    private final int[] rootNext = new int[256];
    private final byte[][] keys;
    private final int[][] targets;
    private final int[] fail;
    private final int[] depth;
    /** The pattern whose target ends exactly at this state, or -1. */
    private final int[] pattern;
    /** The nearest state on the failure chain (excluding this one) that ends a pattern, or 0. */
    private final int[] dictionary;
    /**
     * The depth of the deepest state on the failure chain (this one included) that still has
     * children: how many trailing bytes could yet grow into a match. Everything before them is
     * final, which is what lets a stream hold back only that much.
     */
    private final int[] live;

    private final int[] patternLength;
    private final int maxLength;
    /**
     * One bit per pair of bytes that some target begins with (a one-byte target sets every pair
     * starting with its byte): text where no two adjacent bytes begin a target is skipped two bytes
     * at a glance, which keeps ordinary text fast even with the hundred or so spellings per secret,
     * whose first bytes alone cover nearly every letter and digit.
     */
    private final long[] firstPairs = new long[65536 / 64];

    Automaton(List<byte[]> targetsInOrder) {
        List<byte[]> childKeys = new ArrayList<>();
        List<int[]> childTargets = new ArrayList<>();
        List<Integer> depths = new ArrayList<>();
        List<Integer> patterns = new ArrayList<>();
        childKeys.add(NO_KEYS);
        childTargets.add(NO_TARGETS);
        depths.add(0);
        patterns.add(-1);
        patternLength = new int[targetsInOrder.size()];
        int longest = 0;
        for (int p = 0; p < targetsInOrder.size(); p++) {
            byte[] target = targetsInOrder.get(p);
            patternLength[p] = target.length;
            longest = Math.max(longest, target.length);
            int state = 0;
            for (byte b : target) {
                int next = find(childKeys.get(state), childTargets.get(state), b);
                if (next < 0) {
                    next = depths.size();
                    childKeys.add(NO_KEYS);
                    childTargets.add(NO_TARGETS);
                    depths.add(depths.get(state) + 1);
                    patterns.add(-1);
                    insert(childKeys, childTargets, state, b, next);
                }
                state = next;
            }
            if (target.length == 1) {
                for (int second = 0; second < 256; second++) {
                    markPair(target[0], (byte) second);
                }
            } else if (target.length > 1) {
                markPair(target[0], target[1]);
            }
            // The first of two identical targets wins, so the outcome does not depend on a map.
            if (patterns.get(state) < 0) {
                patterns.set(state, p);
            }
        }
        maxLength = longest;
        int n = depths.size();
        keys = childKeys.toArray(new byte[0][]);
        targets = childTargets.toArray(new int[0][]);
        depth = depths.stream().mapToInt(Integer::intValue).toArray();
        pattern = patterns.stream().mapToInt(Integer::intValue).toArray();
        fail = new int[n];
        dictionary = new int[n];
        live = new int[n];
        for (int i = 0; i < keys[0].length; i++) {
            rootNext[keys[0][i] & 0xFF] = targets[0][i];
        }
        linkBreadthFirst();
    }

    private void linkBreadthFirst() {
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        live[0] = 0;
        for (int child : targets[0]) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            int f = fail[state];
            dictionary[state] = pattern[f] >= 0 ? f : dictionary[f];
            live[state] = keys[state].length > 0 ? depth[state] : live[f];
            for (int i = 0; i < keys[state].length; i++) {
                int child = targets[state][i];
                fail[child] = step(f, keys[state][i]);
                queue.add(child);
            }
        }
    }

    private static int find(byte[] k, int[] t, byte b) {
        int i = Arrays.binarySearch(k, b);
        return i >= 0 ? t[i] : -1;
    }

    private static void insert(List<byte[]> childKeys, List<int[]> childTargets, int state, byte b, int next) {
        byte[] k = childKeys.get(state);
        int[] t = childTargets.get(state);
        int at = -(Arrays.binarySearch(k, b) + 1);
        byte[] nk = new byte[k.length + 1];
        int[] nt = new int[t.length + 1];
        System.arraycopy(k, 0, nk, 0, at);
        System.arraycopy(t, 0, nt, 0, at);
        nk[at] = b;
        nt[at] = next;
        System.arraycopy(k, at, nk, at + 1, k.length - at);
        System.arraycopy(t, at, nt, at + 1, t.length - at);
        childKeys.set(state, nk);
        childTargets.set(state, nt);
    }

    int step(int state, byte b) {
        int s = state;
        while (s != 0) {
            byte[] k = keys[s];
            // Nearly every non-root state has one child; a linear scan beats a binary search.
            for (int i = 0; i < k.length; i++) {
                if (k[i] == b) {
                    return targets[s][i];
                }
            }
            s = fail[s];
        }
        return rootNext[b & 0xFF];
    }

    private void markPair(byte first, byte second) {
        int pair = (first & 0xFF) << 8 | (second & 0xFF);
        firstPairs[pair >>> 6] |= 1L << pair;
    }

    /** True if some target begins with {@code first} followed by {@code second}. */
    boolean startsPattern(byte first, byte second) {
        int pair = (first & 0xFF) << 8 | (second & 0xFF);
        return (firstPairs[pair >>> 6] & 1L << pair) != 0;
    }

    /** True if some target begins with {@code b}. */
    boolean startsPattern(byte b) {
        return rootNext[b & 0xFF] != 0;
    }

    /** The first state on this state's output chain that ends a pattern, or 0 for none. */
    int firstOutput(int state) {
        return pattern[state] >= 0 ? state : dictionary[state];
    }

    int nextOutput(int outputState) {
        return dictionary[outputState];
    }

    int patternAt(int outputState) {
        return pattern[outputState];
    }

    int live(int state) {
        return live[state];
    }

    int length(int patternIndex) {
        return patternLength[patternIndex];
    }

    int maxLength() {
        return maxLength;
    }
}
