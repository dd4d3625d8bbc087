package dev.lap.vault.scrub;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.encoder.Encoder;
import com.aayushatharva.brotli4j.encoder.EncoderJNI;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Scrubs a {@code Content-Encoding: br} body (RFC 7932) through brotli4j's streaming JNI wrappers:
 * input is pushed into the decoder, its output pulled, scrubbed, pushed into an encoder, and each
 * call ends with an encoder flush so a streamed response is not held back. The decoder's window
 * (at most 16 MiB) bounds its memory; the encoder uses quality {@value #QUALITY}, which keeps
 * re-encoding close to gzip's speed.
 *
 * <p>Needs brotli4j's native library for this platform; {@link #available()} says whether it
 * loaded. Where it did not, {@link ContentCoding} never offers or accepts {@code br}.
 */
public final class BrotliScrubber implements CodedScrubber {
    private static final int BLOCK = 16 * 1024;
    static final int QUALITY = 4;
    private static final int WINDOW = 22;

    private final StreamReplacer replacer;
    private DecoderJNI.@Nullable Wrapper decoder;
    private EncoderJNI.@Nullable Wrapper encoder;
    private boolean unflushed;
    private boolean decoded;
    private boolean sawInput;
    private boolean done;
    private @Nullable Corrupt corrupt;

    BrotliScrubber(StreamReplacer replacer) {
        this.replacer = replacer;
        if (!available()) { // also what loads the native library, if nothing else did yet
            fail("the brotli native library is not available");
            return;
        }
        try {
            decoder = new DecoderJNI.Wrapper(BLOCK);
            encoder = new EncoderJNI.Wrapper(BLOCK, QUALITY, WINDOW, Encoder.Mode.GENERIC);
        } catch (IOException | LinkageError e) {
            fail("the brotli codec could not be created");
        }
    }

    /** Whether brotli4j's native library loaded in this process (checked once, by brotli4j). */
    public static boolean available() {
        try {
            return Brotli4jLoader.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    @Override
    public Result process(byte[] chunk, int offset, int length) {
        if (corrupt != null) {
            return corrupt;
        }
        if (done) {
            throw new IllegalStateException("the stream is finished");
        }
        sawInput |= length > 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            decode(chunk, offset, offset + length, out);
            if (unflushed) {
                encode(new byte[0], 0, EncoderJNI.Operation.FLUSH, out);
                unflushed = false;
            }
            return new Data(out.toByteArray());
        } catch (CorruptInput e) {
            return fail(e.getMessage());
        }
    }

    @Override
    public Result finish() {
        if (corrupt != null) {
            return corrupt;
        }
        if (done) {
            throw new IllegalStateException("the stream is finished");
        }
        if (!sawInput) {
            done = true;
            close();
            return new Data(new byte[0]); // an empty body stays empty
        }
        if (!decoded) {
            return fail("the brotli stream is truncated");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            replacer.finishInto();
            encode(replacer.output(), replacer.outputLength(), EncoderJNI.Operation.PROCESS, out);
            encode(new byte[0], 0, EncoderJNI.Operation.FINISH, out);
        } catch (CorruptInput e) {
            return fail(e.getMessage());
        }
        done = true;
        close();
        return new Data(out.toByteArray());
    }

    @Override
    public Map<String, Long> replacements() {
        return replacer.replacements();
    }

    @Override
    public void close() {
        DecoderJNI.Wrapper d = decoder;
        EncoderJNI.Wrapper e = encoder;
        decoder = null;
        encoder = null;
        if (d != null) {
            d.destroy();
        }
        if (e != null) {
            e.destroy();
        }
    }

    private void decode(byte[] chunk, int from, int to, ByteArrayOutputStream out) throws CorruptInput {
        DecoderJNI.Wrapper d = live(decoder);
        int i = from;
        while (true) {
            switch (d.getStatus()) {
                case DONE -> {
                    if (d.hasOutput()) {
                        scrub(d.pull(), out);
                    } else if (i < to) {
                        throw new CorruptInput("data after the end of the brotli stream");
                    } else {
                        decoded = true;
                        return;
                    }
                }
                case OK -> d.push(0);
                case NEEDS_MORE_OUTPUT -> scrub(d.pull(), out);
                case NEEDS_MORE_INPUT -> {
                    if (d.hasOutput()) {
                        scrub(d.pull(), out);
                    } else if (i < to) {
                        ByteBuffer in = d.getInputBuffer();
                        in.clear();
                        int n = Math.min(in.remaining(), to - i);
                        in.put(chunk, i, n);
                        d.push(n);
                        i += n;
                    } else {
                        return;
                    }
                }
                case ERROR -> throw new CorruptInput("invalid brotli data");
            }
        }
    }

    private void scrub(ByteBuffer decodedBytes, ByteArrayOutputStream out) throws CorruptInput {
        byte[] bytes = new byte[decodedBytes.remaining()];
        decodedBytes.get(bytes);
        replacer.run(bytes, 0, bytes.length);
        encode(replacer.output(), replacer.outputLength(), EncoderJNI.Operation.PROCESS, out);
    }

    /** Pushes {@code data} through the encoder with {@code op} and collects what it emits. */
    private void encode(byte[] data, int length, EncoderJNI.Operation op, ByteArrayOutputStream out)
            throws CorruptInput {
        if (length == 0 && op == EncoderJNI.Operation.PROCESS) {
            return;
        }
        EncoderJNI.Wrapper e = live(encoder);
        int i = 0;
        do {
            ByteBuffer in = e.getInputBuffer();
            in.clear();
            int n = Math.min(in.remaining(), length - i);
            in.put(data, i, n);
            i += n;
            e.push(op, n);
            while (true) {
                if (!e.isSuccess()) {
                    throw new CorruptInput("the brotli encoder failed");
                }
                if (e.hasMoreOutput()) {
                    ByteBuffer encoded = e.pull();
                    byte[] bytes = new byte[encoded.remaining()];
                    encoded.get(bytes);
                    out.writeBytes(bytes);
                } else if (e.hasRemainingInput()) {
                    e.push(op, 0);
                } else {
                    break;
                }
            }
        } while (i < length);
        if (op == EncoderJNI.Operation.PROCESS) {
            unflushed = true;
        }
    }

    private static <T> T live(@Nullable T codec) throws CorruptInput {
        if (codec == null) {
            throw new CorruptInput("the brotli codec is closed");
        }
        return codec;
    }

    private Corrupt fail(String reason) {
        Corrupt c = new Corrupt(reason);
        corrupt = c;
        close();
        return c;
    }
}
