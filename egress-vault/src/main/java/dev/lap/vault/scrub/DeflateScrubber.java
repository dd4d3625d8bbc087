package dev.lap.vault.scrub;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.jspecify.annotations.Nullable;

/**
 * Scrubs a {@code Content-Encoding: deflate} body: inflates, replaces, deflates again as zlib.
 *
 * <p>HTTP's deflate is zlib (RFC 1950), but some servers send raw deflate (RFC 1951), and clients
 * accept both; the first two bytes tell them apart (a zlib header names method 8 and is a multiple
 * of 31), as browsers do. The output is always zlib. Each call's output ends with a sync flush.
 * A zlib stream's Adler-32 is checked by the {@link Inflater}; a raw stream has no check.
 */
public final class DeflateScrubber implements CodedScrubber {
    private static final int BLOCK = 16 * 1024;

    private final StreamReplacer replacer;
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, false);
    private final byte[] head = new byte[2];
    private final byte[] inflated = new byte[BLOCK];
    private final byte[] deflated = new byte[BLOCK];
    /** Chosen from the first two bytes, so created only once they arrive. */
    private @Nullable Inflater inflater;

    private int headLength;
    private boolean unflushed;
    private boolean ending;
    private boolean done;
    private boolean closed;
    private @Nullable Corrupt corrupt;

    DeflateScrubber(StreamReplacer replacer) {
        this.replacer = replacer;
    }

    /** Whether two bytes open a zlib stream: CM 8, a window of at most 32 KiB, FCHECK valid. */
    static boolean isZlibHeader(byte cmf, byte flg) {
        return (cmf & 0x0F) == 8 && (cmf & 0xF0) <= 0x70 && (((cmf & 0xFF) << 8) | (flg & 0xFF)) % 31 == 0;
    }

    @Override
    public Result process(byte[] chunk, int offset, int length) {
        if (corrupt != null) {
            return corrupt;
        }
        if (done) {
            throw new IllegalStateException("the stream is finished");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int i = offset;
            int end = offset + length;
            Inflater in = inflater;
            if (in == null) {
                while (headLength < 2 && i < end) {
                    head[headLength++] = chunk[i++];
                }
                if (headLength < 2) {
                    return new Data(new byte[0]);
                }
                in = new Inflater(!isZlibHeader(head[0], head[1]));
                inflater = in;
                feed(in, head, 0, 2, out);
            }
            feed(in, chunk, i, end, out);
            if (unflushed) {
                drain(Deflater.SYNC_FLUSH, out);
                unflushed = false;
            }
            return new Data(out.toByteArray());
        } catch (DataFormatException e) {
            return fail("invalid deflate data: " + e.getMessage());
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
        Inflater in = inflater;
        if (headLength == 0) {
            done = true;
            close();
            return new Data(new byte[0]); // an empty body stays empty
        }
        if (in == null || !in.finished()) {
            return fail("the deflate stream is truncated");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        replacer.finishInto();
        deflate(replacer.output(), replacer.outputLength());
        deflater.finish();
        ending = true;
        drain(Deflater.NO_FLUSH, out);
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
        if (!closed) {
            closed = true;
            deflater.end();
            Inflater in = inflater;
            if (in != null) {
                in.end();
            }
        }
    }

    private void feed(Inflater in, byte[] chunk, int from, int to, ByteArrayOutputStream out)
            throws DataFormatException, CorruptInput {
        if (from == to) {
            return;
        }
        if (in.finished()) {
            throw new CorruptInput("data after the end of the deflate stream");
        }
        in.setInput(chunk, from, to - from);
        while (true) {
            int n = in.inflate(inflated);
            if (n > 0) {
                replacer.run(inflated, 0, n);
                deflate(replacer.output(), replacer.outputLength());
                drain(Deflater.NO_FLUSH, out);
            } else if (in.needsDictionary()) {
                throw new CorruptInput("the deflate stream asks for a preset dictionary, which HTTP never defines");
            } else if (in.finished()) {
                if (in.getRemaining() > 0) {
                    throw new CorruptInput("data after the end of the deflate stream");
                }
                return;
            } else if (in.needsInput()) {
                return;
            }
        }
    }

    private void deflate(byte[] data, int length) {
        if (length > 0) {
            deflater.setInput(data, 0, length);
            unflushed = true;
        }
    }

    /** Drains the deflater: until it needs input, to a sync flush, or to the stream's end. */
    private void drain(int flush, ByteArrayOutputStream out) {
        while (true) {
            int n = deflater.deflate(deflated, 0, deflated.length, flush);
            out.write(deflated, 0, n);
            boolean more = flush == Deflater.SYNC_FLUSH
                    ? n == deflated.length
                    : ending ? !deflater.finished() : !deflater.needsInput();
            if (!more) {
                return;
            }
        }
    }

    private Corrupt fail(String reason) {
        Corrupt c = new Corrupt(reason);
        corrupt = c;
        close();
        return c;
    }
}
