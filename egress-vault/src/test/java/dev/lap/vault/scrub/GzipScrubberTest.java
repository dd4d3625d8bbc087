package dev.lap.vault.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipScrubberTest {
    private static final String REAL = "ghp_R3alR3alR3alR3alR3alR3alR3alR3alR3al";
    private static final String STUB = "ghp_5tub5tub5tub5tub5tub5tub5tub5tub5tub";
    private static final Scrubber SCRUBBER = Scrubber.of(List.of(new Replacement(
            "github", REAL.getBytes(StandardCharsets.US_ASCII), STUB.getBytes(StandardCharsets.US_ASCII))));

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] scrub(GzipScrubber scrubber, byte[] input, int... sizes) {
        return CodedScrubberTest.scrub(scrubber, input, sizes);
    }

    private static byte[] data(GzipScrubber.Result result) {
        return CodedScrubberTest.data(result);
    }

    @Test
    void roundTripsAGzipBodyWithTheSecretReplacedWhateverTheChunking() throws IOException {
        String body = "{\"token\": \"" + REAL + "\", \"again\": \"" + REAL + "\"}\n".repeat(3);
        byte[] compressed = gzip(body);
        for (int size = 1; size <= compressed.length; size++) {
            GzipScrubber scrubber = SCRUBBER.newGzipStream();
            String out = gunzip(scrub(scrubber, compressed, size));
            assertThat(out).isEqualTo(body.replace(REAL, STUB));
            assertThat(scrubber.replacements()).containsEntry("github", 2L);
        }
    }

    @Test
    void findsASecretSplitAcrossInflatedBlocksOfALargeBody() throws IOException {
        // Random filler keeps deflate from shrinking the body, so the secret lands mid-stream and
        // crosses the scrubber's 16 KiB inflate blocks at varying offsets.
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            for (int j = 0; j < 16_380 + random.nextInt(9); j++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append(REAL);
        }
        String body = sb.toString();
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        String out = gunzip(scrub(scrubber, gzip(body), 1000, 7, 8192));
        assertThat(out).isEqualTo(body.replace(REAL, STUB)).doesNotContain(REAL);
        assertThat(scrubber.replacements()).containsEntry("github", 40L);
    }

    @Test
    void concatenatedMembersComeOutAsOneMember() throws IOException {
        String first = "first " + REAL.substring(0, 20);
        String second = REAL.substring(20) + " second";
        byte[] a = gzip(first);
        byte[] b = gzip(second);
        byte[] both = StreamReplacerTest.concat(a, b);
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        // A secret split across two members is still one secret in the decoded body.
        assertThat(gunzip(scrub(scrubber, both, 5))).isEqualTo("first " + STUB + " second");
    }

    @Test
    void aCorruptStreamIsAnErrorValueAndNothingAfterIt() throws IOException {
        byte[] compressed = gzip("hello " + REAL + " ".repeat(5000));
        byte[] broken = compressed.clone();
        broken[broken.length - 6] ^= 0x55; // inside the CRC-32
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        GzipScrubber.Result result = scrubber.process(broken);
        if (result instanceof GzipScrubber.Data) {
            result = scrubber.finish();
        }
        assertThat(result).isInstanceOf(GzipScrubber.Corrupt.class);
        assertThat(((GzipScrubber.Corrupt) result).reason()).contains("CRC");
        assertThat(scrubber.process(new byte[] {1})).isEqualTo(result);
    }

    @Test
    void notGzipAtAllIsCorruptFromTheFirstByte() {
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        GzipScrubber.Result result = scrubber.process(("plain " + REAL).getBytes(StandardCharsets.US_ASCII));
        assertThat(result)
                .isInstanceOfSatisfying(
                        GzipScrubber.Corrupt.class, c -> assertThat(c.reason()).contains("magic"));
    }

    @Test
    void garbageInsideTheDeflateDataIsCorrupt() throws IOException {
        byte[] compressed = gzip("x".repeat(100) + REAL);
        byte[] broken = compressed.clone();
        for (int i = 10; i < broken.length - 8; i++) {
            broken[i] = (byte) 0xFF;
        }
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        GzipScrubber.Result r = scrubber.process(broken);
        GzipScrubber.Result end = r instanceof GzipScrubber.Corrupt ? r : scrubber.finish();
        assertThat(end).isInstanceOf(GzipScrubber.Corrupt.class);
    }

    @Test
    void aTruncatedStreamIsCorruptAtFinish() throws IOException {
        byte[] compressed = gzip("hello " + REAL);
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        assertThat(scrubber.process(Arrays.copyOf(compressed, compressed.length - 3)))
                .isInstanceOf(GzipScrubber.Data.class);
        assertThat(scrubber.finish())
                .isInstanceOfSatisfying(
                        GzipScrubber.Corrupt.class, c -> assertThat(c.reason()).contains("truncated"));
    }

    @Test
    void headerWithNameCommentAndExtraFieldsIsSkipped() throws IOException {
        byte[] member = gzip("named " + REAL);
        // Rebuild the header with FEXTRA, FNAME, FCOMMENT and FHCRC set.
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        h.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
        h.writeBytes("body.json\0".getBytes(StandardCharsets.US_ASCII));
        h.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
        h.writeBytes(new byte[] {0x12, 0x34});
        h.writeBytes(Arrays.copyOfRange(member, 10, member.length));
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        assertThat(gunzip(scrub(scrubber, h.toByteArray(), 1))).isEqualTo("named " + STUB);
    }

    @Test
    void anEmptyBodyStaysEmpty() {
        GzipScrubber scrubber = SCRUBBER.newGzipStream();
        assertThat(data(scrubber.finish())).isEmpty();
    }
}
