package dev.lap.vault.scrub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replaces the targets of a {@link Scrubber} in one byte stream fed in chunks of any size.
 *
 * <p>Where matches overlap, the leftmost wins, and of those starting at the same byte the longest;
 * matching always runs on the original input, never on replaced output. A chunk's output is
 * everything that can no longer be part of a match: only the trailing bytes that are still a
 * proper prefix of some target are held back (never more than the longest target minus one), so
 * a stream of server-sent events is not delayed by more than a partial secret. Total output
 * length equals total input length. Memory is bounded by the longest target and the largest
 * chunk, not by the stream.
 *
 * <p>Not thread-safe: one instance per stream, as a Netty handler sees its stream on one thread.
 */
public final class StreamReplacer {
    private static final int BLOCK = 8192;

    private final Automaton automaton;
    private final byte[][] replacements;
    private final String[] ids;
    private final long[] counts;

    /** The bytes not yet written, by position modulo the ring's size. */
    private final byte[] ring;
    /** For each pending position, the longest pattern found starting there, or -1. */
    private final int[] longestStartingAt;

    private long consumed;
    private long pendingStart;
    /** {@code consumed} and {@code pendingStart} modulo the ring's size, kept without dividing. */
    private int nextSlot;

    private int pendingSlot;
    private int state;
    private boolean finished;

    private byte[] out = new byte[0];
    private int outLength;

    StreamReplacer(Automaton automaton, byte[][] replacements, String[] ids) {
        this.automaton = automaton;
        this.replacements = replacements;
        this.ids = ids;
        this.counts = new long[ids.length];
        int size = Math.max(1, automaton.maxLength());
        this.ring = new byte[size];
        this.longestStartingAt = new int[size];
    }

    /** Consumes the chunk and returns the bytes that are now final (possibly none). */
    public byte[] process(byte[] chunk) {
        return process(chunk, 0, chunk.length);
    }

    public byte[] process(byte[] chunk, int offset, int length) {
        run(chunk, offset, length);
        return Arrays.copyOf(out, outLength);
    }

    /**
     * Consumes the chunk's readable bytes (advancing its reader index; the caller keeps ownership
     * and releases it) and returns a new buffer from {@code allocator} that the caller owns.
     */
    public ByteBuf process(ByteBuf chunk, ByteBufAllocator allocator) {
        int length = chunk.readableBytes();
        ByteBuf result = allocator.buffer(length + ring.length);
        byte[] block = new byte[Math.min(BLOCK, Math.max(1, length))];
        while (chunk.isReadable()) {
            int n = Math.min(block.length, chunk.readableBytes());
            chunk.readBytes(block, 0, n);
            run(block, 0, n);
            result.writeBytes(out, 0, outLength);
        }
        return result;
    }

    /** Writes out the held-back tail; the stream is over and further input is refused. */
    public byte[] finish() {
        finishInto();
        return Arrays.copyOf(out, outLength);
    }

    public ByteBuf finish(ByteBufAllocator allocator) {
        finishInto();
        return allocator.buffer(outLength).writeBytes(out, 0, outLength);
    }

    /** How many times each pattern id was replaced so far, for the audit trail. */
    public Map<String, Long> replacements() {
        Map<String, Long> result = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (counts[i] > 0) {
                result.merge(ids[i], counts[i], Long::sum);
            }
        }
        return Map.copyOf(result);
    }

    /** Bytes consumed but not yet written: at most the longest target minus one. */
    public int heldBack() {
        return (int) (consumed - pendingStart);
    }

    /** Runs a chunk, leaving its output in {@code out[0, outLength)} (for the gzip scrubber). */
    void run(byte[] chunk, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        reserve(length + ring.length);
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (state == 0 && pendingStart == consumed) {
                // Nothing pending and no match under way: bytes that start no target go straight out.
                int j = i;
                while (j + 1 < end && !automaton.startsPattern(chunk[j], chunk[j + 1])) {
                    j++;
                }
                if (j + 1 == end && !automaton.startsPattern(chunk[j])) {
                    j++; // the chunk's last byte: only its own first-byte test is possible
                }
                if (j > i) {
                    int n = j - i;
                    System.arraycopy(chunk, i, out, outLength, n);
                    outLength += n;
                    consumed += n;
                    pendingStart = consumed;
                    nextSlot = (int) ((nextSlot + (long) n) % ring.length);
                    pendingSlot = nextSlot;
                    i = j;
                    continue;
                }
            }
            consume(chunk[i++]);
        }
    }

    void finishInto() {
        if (finished) {
            throw new IllegalStateException("the stream is finished");
        }
        finished = true;
        reserve(ring.length);
        decideUpTo(consumed);
    }

    byte[] output() {
        return out;
    }

    int outputLength() {
        return outLength;
    }

    private void reserve(int capacity) {
        if (out.length < capacity) {
            out = new byte[capacity];
        }
        outLength = 0;
    }

    private void consume(byte b) {
        long position = consumed++;
        int slot = nextSlot;
        nextSlot = slot + 1 == ring.length ? 0 : slot + 1;
        ring[slot] = b;
        longestStartingAt[slot] = -1;
        state = automaton.step(state, b);
        for (int s = automaton.firstOutput(state); s != 0; s = automaton.nextOutput(s)) {
            int p = automaton.patternAt(s);
            long start = position + 1 - automaton.length(p);
            // A start before pendingStart lies inside a replacement already made.
            if (start >= pendingStart) {
                int startSlot = slot + 1 - automaton.length(p);
                if (startSlot < 0) {
                    startSlot += ring.length;
                }
                int best = longestStartingAt[startSlot];
                if (best < 0 || automaton.length(p) > automaton.length(best)) {
                    longestStartingAt[startSlot] = p;
                }
            }
        }
        decideUpTo(consumed - automaton.live(state));
    }

    /** Writes every pending position before {@code boundary}: no match can begin there any more. */
    private void decideUpTo(long boundary) {
        while (pendingStart < boundary) {
            int slot = pendingSlot;
            int p = longestStartingAt[slot];
            int advance;
            if (p >= 0) {
                byte[] r = replacements[p];
                System.arraycopy(r, 0, out, outLength, r.length);
                outLength += r.length;
                advance = r.length;
                counts[p]++;
            } else {
                out[outLength++] = ring[slot];
                advance = 1;
            }
            pendingStart += advance;
            pendingSlot = slot + advance >= ring.length ? slot + advance - ring.length : slot + advance;
        }
    }
}
