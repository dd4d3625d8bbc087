package dev.lap.vault.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamReplacerTest {

    /** The specification: leftmost match wins, the longest of those starting at the same byte. */
    private static byte[] naive(List<Replacement> patterns, byte[] input, Map<String, Long> counts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < input.length) {
            Replacement best = null;
            for (Replacement r : patterns) {
                byte[] t = r.target();
                boolean longer = best == null || t.length > best.target().length;
                if (longer && i + t.length <= input.length && Arrays.equals(input, i, i + t.length, t, 0, t.length)) {
                    best = r;
                }
            }
            if (best == null) {
                out.write(input[i++]);
            } else {
                out.writeBytes(best.replacement());
                counts.merge(best.id(), 1L, Long::sum);
                i += best.target().length;
            }
        }
        return out.toByteArray();
    }

    private static byte[] streamed(Scrubber scrubber, byte[] input, Random random, Map<String, Long> counts) {
        StreamReplacer replacer = scrubber.newStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < input.length) {
            int n = Math.min(input.length - at, random.nextInt(random.nextBoolean() ? 4 : 64) + 1);
            out.writeBytes(replacer.process(input, at, n));
            assertThat(replacer.heldBack()).isLessThan(Math.max(1, scrubber.maxPatternLength()));
            at += n;
        }
        out.writeBytes(replacer.finish());
        counts.putAll(replacer.replacements());
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, int length, int alphabet) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) ('a' + random.nextInt(alphabet));
        }
        return b;
    }

    @Test
    void matchesTheNaiveReferenceOnRandomInputsPatternsAndChunkSplits() {
        Random random = new Random(20240611L);
        for (int round = 0; round < 2_000; round++) {
            // Small alphabets make overlaps and nested patterns common; larger ones leave bytes that
            // start no pattern, which take the bulk-copy path.
            int alphabet = 2 + random.nextInt(7);
            List<Replacement> patterns = new ArrayList<>();
            int count = 1 + random.nextInt(6);
            for (int p = 0; p < count; p++) {
                int length = 1 + random.nextInt(6);
                byte[] target = randomBytes(random, length, alphabet);
                byte[] replacement = new byte[length];
                Arrays.fill(replacement, (byte) ('0' + p));
                patterns.add(new Replacement("p" + p, target, replacement));
            }
            byte[] input = randomBytes(random, random.nextInt(300), alphabet);
            Map<String, Long> expectedCounts = new HashMap<>();
            Map<String, Long> actualCounts = new HashMap<>();
            Scrubber scrubber = Scrubber.of(patterns);
            // Where targets repeat, the first listed wins in both (the naive scan keeps the first).
            byte[] expected = naive(patterns, input, expectedCounts);
            byte[] actual = streamed(scrubber, input, random, actualCounts);
            assertThat(new String(actual, StandardCharsets.US_ASCII))
                    .as(
                            "round %d, input %s, patterns %s",
                            round, new String(input, StandardCharsets.US_ASCII), patterns)
                    .isEqualTo(new String(expected, StandardCharsets.US_ASCII));
            assertThat(actualCounts).isEqualTo(expectedCounts);
        }
    }

    @Test
    void findsASecretSplitAtEveryPossibleChunkBoundary() {
        byte[] secret = "ghp_realrealrealrealrealrealrealreal1234".getBytes(StandardCharsets.US_ASCII);
        byte[] stub = "ghp_stubstubstubstubstubstubstubstub5678".getBytes(StandardCharsets.US_ASCII);
        Scrubber scrubber = Scrubber.of(List.of(new Replacement("github", secret, stub)));
        String body = "{\"token\":\"" + new String(secret, StandardCharsets.US_ASCII) + "\"}";
        byte[] input = body.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= input.length; split++) {
            StreamReplacer r = scrubber.newStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(r.process(Arrays.copyOfRange(input, 0, split)));
            out.writeBytes(r.process(Arrays.copyOfRange(input, split, input.length)));
            out.writeBytes(r.finish());
            assertThat(out.toString(StandardCharsets.US_ASCII))
                    .isEqualTo("{\"token\":\"ghp_stubstubstubstubstubstubstubstub5678\"}");
            assertThat(r.replacements()).containsEntry("github", 1L);
        }
    }

    @Test
    void feedingOneByteAtATimeHoldsBackOnlyALivePartialMatch() {
        Scrubber scrubber = Scrubber.of(List.of(new Replacement("k", bytes("SECRET"), bytes("xxxxxx"))));
        StreamReplacer r = scrubber.newStream();
        StringBuilder out = new StringBuilder();
        for (byte b : bytes("data: SECRE")) {
            out.append(new String(r.process(new byte[] {b}), StandardCharsets.US_ASCII));
        }
        // "SECRE" could still become the secret, everything before it is out already.
        assertThat(out).hasToString("data: ");
        assertThat(r.heldBack()).isEqualTo(5);
        out.append(new String(r.process(bytes("X\n\n")), StandardCharsets.US_ASCII));
        assertThat(out).hasToString("data: SECREX\n\n");
        assertThat(r.heldBack()).isZero();
    }

    @Test
    void overlappingPatternsPreferTheLeftmostThenTheLongest() {
        Scrubber scrubber = Scrubber.of(List.of(
                new Replacement("bc", bytes("bcd"), bytes("222")),
                new Replacement("ab", bytes("abc"), bytes("111")),
                new Replacement("abcd", bytes("abcd"), bytes("4444"))));
        StreamReplacer r = scrubber.newStream();
        byte[] out = concat(r.process(bytes("xabcdx abcx bcdx")), r.finish());
        assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("x4444x 111x 222x");
        assertThat(r.replacements()).containsExactlyInAnyOrderEntriesOf(Map.of("abcd", 1L, "ab", 1L, "bc", 1L));
    }

    @Test
    void byteBufChunksComeOutAsNewBuffersTheCallerOwns() {
        Scrubber scrubber = Scrubber.of(List.of(new Replacement("k", bytes("SECRET"), bytes("STUB00"))));
        StreamReplacer r = scrubber.newStream();
        ByteBuf in1 = Unpooled.copiedBuffer("a SEC", StandardCharsets.US_ASCII);
        ByteBuf in2 = Unpooled.copiedBuffer("RET b", StandardCharsets.US_ASCII);
        ByteBuf out1 = r.process(in1, ByteBufAllocator.DEFAULT);
        ByteBuf out2 = r.process(in2, ByteBufAllocator.DEFAULT);
        ByteBuf out3 = r.finish(ByteBufAllocator.DEFAULT);
        try {
            assertThat(in1.isReadable()).isFalse();
            assertThat(out1.toString(StandardCharsets.US_ASCII)
                            + out2.toString(StandardCharsets.US_ASCII)
                            + out3.toString(StandardCharsets.US_ASCII))
                    .isEqualTo("a STUB00 b");
        } finally {
            for (ByteBuf b : List.of(in1, in2, out1, out2, out3)) {
                b.release();
            }
        }
    }

    @Test
    void streamsQuarterOfAGigabyteThroughBoundedMemory() {
        byte[] secret = bytes("sk-ant-api03-REALREALREALREALREALREALREALREAL");
        byte[] stub = bytes("sk-ant-api03-stubstubstubstubstubstubstubstub");
        Scrubber scrubber = Scrubber.of(List.of(new Replacement("anthropic", secret, stub)));
        StreamReplacer r = scrubber.newStream();
        // 8000 bytes of filler then the secret, repeated; chunks of 64 KiB cut secrets anywhere.
        byte[] unit = new byte[8000 + secret.length];
        Arrays.fill(unit, (byte) 'x');
        System.arraycopy(secret, 0, unit, 8000, secret.length);
        long total = 256L * 1024 * 1024;
        byte[] chunk = new byte[64 * 1024];
        long produced = 0;
        long out = 0;
        long stubsSeen = 0;
        int stubMatched = 0;
        long heapBefore = usedHeap();
        long maxHeapGrowth = 0;
        while (produced < total) {
            for (int i = 0; i < chunk.length; ) {
                int from = (int) ((produced + i) % unit.length);
                int n = Math.min(unit.length - from, chunk.length - i);
                System.arraycopy(unit, from, chunk, i, n);
                i += n;
            }
            produced += chunk.length;
            byte[] o = r.process(chunk);
            out += o.length;
            for (byte b : o) {
                // Count stubs in the output with a tiny matcher: the output is never held whole.
                stubMatched = b == stub[stubMatched] ? stubMatched + 1 : (b == stub[0] ? 1 : 0);
                if (stubMatched == stub.length) {
                    stubsSeen++;
                    stubMatched = 0;
                }
                if (b == 'R') {
                    throw new AssertionError("a byte of the secret reached the output");
                }
            }
            if ((produced & (32L * 1024 * 1024 - 1)) == 0) {
                maxHeapGrowth = Math.max(maxHeapGrowth, usedHeap() - heapBefore);
            }
        }
        out += r.finish().length;
        long expected = total / unit.length + (total % unit.length >= 8000 + secret.length ? 1 : 0);
        assertThat(out).isEqualTo(total);
        assertThat(r.replacements().get("anthropic")).isEqualTo(expected);
        assertThat(stubsSeen).isEqualTo(expected);
        // Garbage from the per-chunk outputs comes and goes; what matters is that nothing near the
        // stream's size was retained.
        assertThat(maxHeapGrowth).isLessThan(64L * 1024 * 1024);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    @Test
    void anEmptyScrubberPassesEverythingThrough() {
        Scrubber none = Scrubber.of(List.of());
        assertThat(none.isEmpty()).isTrue();
        StreamReplacer r = none.newStream();
        assertThat(concat(r.process(bytes("abc")), r.finish())).isEqualTo(bytes("abc"));
        assertThat(r.heldBack()).isZero();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
