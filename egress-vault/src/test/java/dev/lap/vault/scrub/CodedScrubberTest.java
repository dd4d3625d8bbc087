package dev.lap.vault.scrub;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The deflate (zlib and raw) and br scrubbers, on bodies made by real encoders. */
class CodedScrubberTest {
    private static final String REAL = "ghp_R3alR3alR3alR3alR3alR3alR3alR3alR3al";
    private static final String STUB = "ghp_5tub5tub5tub5tub5tub5tub5tub5tub5tub";
    private static final List<Replacement> FORMS = SecretForms.of("github", REAL, STUB);
    private static final Scrubber SCRUBBER = Scrubber.of(FORMS);

    /** An upstream's encoder, and how a client decodes what the vault sends on. */
    enum Coding {
        ZLIB {
            @Override
            byte[] encode(byte[] plain) {
                return deflate(plain, false);
            }
        },
        RAW_DEFLATE {
            @Override
            byte[] encode(byte[] plain) {
                return deflate(plain, true);
            }
        },
        BROTLI {
            @Override
            byte[] encode(byte[] plain) {
                try {
                    return Encoder.compress(plain);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            byte[] decode(byte[] encoded) {
                try {
                    DirectDecompress d = Decoder.decompress(encoded);
                    assertThat(d.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
                    return d.getDecompressedData();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            CodedScrubber open() {
                return SCRUBBER.newBrotliStream();
            }
        };

        abstract byte[] encode(byte[] plain);

        /** The vault always sends deflate as zlib, whichever form it received. */
        byte[] decode(byte[] encoded) {
            Inflater inflater = new Inflater(false);
            try {
                inflater.setInput(encoded);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                while (!inflater.finished()) {
                    int n = inflater.inflate(buf);
                    if (n == 0 && inflater.needsInput()) {
                        throw new AssertionError("the vault's zlib stream is truncated");
                    }
                    out.write(buf, 0, n);
                }
                assertThat(inflater.getRemaining()).isZero();
                return out.toByteArray();
            } catch (DataFormatException e) {
                throw new AssertionError("the vault sent invalid zlib", e);
            } finally {
                inflater.end();
            }
        }

        CodedScrubber open() {
            return SCRUBBER.newDeflateStream();
        }
    }

    private static byte[] deflate(byte[] plain, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] data(CodedScrubber.Result result) {
        return switch (result) {
            case CodedScrubber.Data d -> d.bytes();
            case CodedScrubber.Corrupt c -> throw new AssertionError("corrupt: " + c.reason());
        };
    }

    /** Feeds {@code input} in chunks of the given sizes (cycled) and returns all output. */
    static byte[] scrub(CodedScrubber scrubber, byte[] input, int... sizes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        for (int k = 0; at < input.length; k++) {
            int n = Math.min(sizes[k % sizes.length], input.length - at);
            out.writeBytes(data(scrubber.process(Arrays.copyOfRange(input, at, at + n))));
            at += n;
        }
        out.writeBytes(data(scrubber.finish()));
        return out.toByteArray();
    }

    /** The end result of feeding {@code input} whole, then finishing: the first Corrupt, if any. */
    private static CodedScrubber.Result end(CodedScrubber scrubber, byte[] input) {
        CodedScrubber.Result r = scrubber.process(input);
        return r instanceof CodedScrubber.Corrupt ? r : scrubber.finish();
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void replacesTheSecretWhereverTheBodyIsSplitInTwo(Coding coding) {
        String body = "{\"token\": \"" + REAL + "\", \"again\": \"" + REAL + "\"}";
        byte[] encoded = coding.encode(ascii(body));
        for (int split = 0; split <= encoded.length; split++) {
            try (CodedScrubber scrubber = coding.open()) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.writeBytes(data(scrubber.process(Arrays.copyOfRange(encoded, 0, split))));
                out.writeBytes(data(scrubber.process(Arrays.copyOfRange(encoded, split, encoded.length))));
                out.writeBytes(data(scrubber.finish()));
                assertThat(new String(coding.decode(out.toByteArray()), StandardCharsets.US_ASCII))
                        .as("split at %d", split)
                        .isEqualTo(body.replace(REAL, STUB));
                assertThat(scrubber.replacements()).containsEntry("github", 2L);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void replacesTheSecretFedOneByteAtATime(Coding coding) {
        String body = "before " + REAL + " after";
        try (CodedScrubber scrubber = coding.open()) {
            byte[] out = scrub(scrubber, coding.encode(ascii(body)), 1);
            assertThat(new String(coding.decode(out), StandardCharsets.US_ASCII))
                    .isEqualTo("before " + STUB + " after");
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void replacesEverySpellingOfTheSecretInsideTheCompressedBody(Coding coding) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (Replacement form : FORMS) {
            plain.writeBytes(form.targetBytes());
            plain.write('\n');
            expected.writeBytes(form.replacementBytes());
            expected.write('\n');
        }
        try (CodedScrubber scrubber = coding.open()) {
            byte[] out = coding.decode(scrub(scrubber, coding.encode(plain.toByteArray()), 13, 1, 64));
            assertThat(out).isEqualTo(expected.toByteArray());
            assertThat(scrubber.replacements()).containsEntry("github", (long) FORMS.size());
            String text = new String(out, StandardCharsets.US_ASCII);
            for (Replacement form : FORMS) {
                assertThat(text).doesNotContain(new String(form.targetBytes(), StandardCharsets.US_ASCII));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void findsTheSecretAcrossDecodedBlocksOfALargeBody(Coding coding) {
        // Random filler keeps the encoder from shrinking the body, so the secret crosses the
        // scrubber's 16 KiB decode blocks at varying offsets.
        Random random = new Random(7);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            for (int j = 0; j < 16_380 + random.nextInt(9); j++) {
                sb.append((char) ('a' + random.nextInt(26)));
            }
            sb.append(REAL);
        }
        String body = sb.toString();
        try (CodedScrubber scrubber = coding.open()) {
            byte[] out = coding.decode(scrub(scrubber, coding.encode(ascii(body)), 1000, 7, 8192));
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo(body.replace(REAL, STUB));
            assertThat(scrubber.replacements()).containsEntry("github", 20L);
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void aTruncatedStreamIsCorruptAtItsEnd(Coding coding) {
        byte[] encoded = coding.encode(ascii("some text " + REAL + " and more text"));
        for (int cut = 1; cut < encoded.length; cut++) {
            try (CodedScrubber scrubber = coding.open()) {
                assertThat(end(scrubber, Arrays.copyOf(encoded, cut)))
                        .as("cut at %d of %d", cut, encoded.length)
                        .isInstanceOf(CodedScrubber.Corrupt.class);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void bytesAfterTheEndOfTheStreamAreCorrupt(Coding coding) {
        byte[] encoded = coding.encode(ascii("text " + REAL));
        byte[] trailing = Arrays.copyOf(encoded, encoded.length + 3);
        try (CodedScrubber scrubber = coding.open()) {
            assertThat(end(scrubber, trailing)).isInstanceOf(CodedScrubber.Corrupt.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void garbageIsCorruptAndStaysCorrupt(Coding coding) {
        // Plain text is neither deflate nor brotli; the secret inside must never come out.
        byte[] garbage = ascii("\u00ff\u00ff plain " + REAL + " plain plain plain");
        garbage[0] = (byte) 0xff;
        garbage[1] = (byte) 0xff;
        try (CodedScrubber scrubber = coding.open()) {
            CodedScrubber.Result r = end(scrubber, garbage);
            assertThat(r).isInstanceOf(CodedScrubber.Corrupt.class);
            assertThat(scrubber.process(ascii("more"))).isEqualTo(r);
            assertThat(scrubber.finish()).isEqualTo(r);
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void anEmptyBodyStaysEmpty(Coding coding) {
        try (CodedScrubber scrubber = coding.open()) {
            assertThat(data(scrubber.finish())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Coding.class)
    void eachChunkIsFlushedSoAStreamIsNotHeldBack(Coding coding) {
        // Two events sent as one compressed stream, fed separately: the first event must be
        // decodable from the first call's output alone.
        byte[] encoded = coding.encode(ascii("data: one\n\ndata: two\n\n"));
        try (CodedScrubber scrubber = coding.open()) {
            byte[] first = data(scrubber.process(encoded));
            assertThat(first).isNotEmpty();
            data(scrubber.finish());
        }
    }

    @Test
    void aZlibHeaderIsToldFromRawDeflate() {
        byte[] zlib = deflate(ascii("x"), false);
        byte[] raw = deflate(ascii("x"), true);
        assertThat(DeflateScrubber.isZlibHeader(zlib[0], zlib[1])).isTrue();
        assertThat(DeflateScrubber.isZlibHeader(raw[0], raw[1])).isFalse();
        for (int level = 0; level <= 9; level++) {
            Deflater d = new Deflater(level, false);
            d.setInput(ascii("y"));
            d.finish();
            byte[] buf = new byte[64];
            d.deflate(buf);
            d.end();
            assertThat(DeflateScrubber.isZlibHeader(buf[0], buf[1]))
                    .as("level %d", level)
                    .isTrue();
        }
    }

    @Test
    void aZlibStreamWithABadChecksumIsCorrupt() {
        byte[] zlib = deflate(ascii("checked " + REAL), false);
        zlib[zlib.length - 1] ^= 1; // the Adler-32's last byte
        try (CodedScrubber scrubber = SCRUBBER.newDeflateStream()) {
            assertThat(end(scrubber, zlib)).isInstanceOf(CodedScrubber.Corrupt.class);
        }
    }

    @Test
    void anAbandonedScrubberCanBeClosedTwice() {
        CodedScrubber deflate = SCRUBBER.newDeflateStream();
        CodedScrubber br = SCRUBBER.newBrotliStream();
        data(deflate.process(deflate(ascii("half"), false)));
        data(br.process(Coding.BROTLI.encode(ascii("half"))));
        deflate.close();
        deflate.close();
        br.close();
        br.close();
    }
}
