package dev.lap.vault.scrub;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Scrubs a {@code Content-Encoding: gzip} body chunk by chunk: inflates, replaces, deflates again.
 *
 * <p>Input may hold several gzip members (RFC 1952 allows concatenation); output is one member.
 * Its length differs from the input's, so the proxy sends it chunked. Each call's output ends with
 * a sync flush, so a streamed response reaches the client without waiting for the next chunk.
 *
 * <p>A stream that is not valid gzip (bad header, bad deflate data, CRC or length mismatch,
 * trailing garbage, truncation) yields {@link Corrupt} and stays corrupt: the scrubber never
 * passes on bytes it could not inspect, and the proxy turns that into a failed response.
 * Inflater and Deflater hold native memory, released on {@link #finish()}, on corruption, or by
 * {@link #close()} when the proxy abandons the body.
 */
public final class GzipScrubber implements CodedScrubber {
    private static final int BLOCK = 16 * 1024;
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private enum Phase {
        HEADER,
        DATA,
        TRAILER,
        BETWEEN_MEMBERS,
        DONE
    }

    private final StreamReplacer replacer;
    private final Inflater inflater = new Inflater(true);
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final CRC32 inCrc = new CRC32();
    private final CRC32 outCrc = new CRC32();
    private final GzipHeaderReader header = new GzipHeaderReader();
    private final byte[] trailer = new byte[8];
    private final byte[] inflated = new byte[BLOCK];
    private final byte[] deflated = new byte[BLOCK];

    private Phase phase = Phase.HEADER;
    private int trailerLength;
    private long memberSize;
    private long outSize;
    private boolean headerWritten;
    private boolean unflushed;
    private boolean sawMember;
    private @org.jspecify.annotations.Nullable Corrupt corrupt;
    private boolean closed;

    GzipScrubber(StreamReplacer replacer) {
        this.replacer = replacer;
    }

    @Override
    public Result process(byte[] chunk, int offset, int length) {
        if (corrupt != null) {
            return corrupt;
        }
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the stream is finished");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            feed(chunk, offset, offset + length, out);
            if (unflushed) {
                drainDeflater(Deflater.SYNC_FLUSH, out);
                unflushed = false;
            }
            return new Data(out.toByteArray());
        } catch (DataFormatException e) {
            return fail("invalid deflate data: " + e.getMessage());
        } catch (CorruptInput e) {
            return fail(e.getMessage());
        }
    }

    /** Ends the input: flushes the replacer's tail and writes the gzip trailer. */
    @Override
    public Result finish() {
        if (corrupt != null) {
            return corrupt;
        }
        if (phase == Phase.DONE) {
            throw new IllegalStateException("the stream is finished");
        }
        boolean clean = phase == Phase.BETWEEN_MEMBERS || (phase == Phase.HEADER && !sawMember && header.isEmpty());
        if (!clean) {
            return fail("the gzip stream is truncated (ended in its "
                    + phase.name().toLowerCase(java.util.Locale.ROOT) + ")");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        replacer.finishInto();
        deflate(replacer.output(), replacer.outputLength(), out);
        if (sawMember && !headerWritten) {
            // An empty body still goes out as a valid gzip member: the client was told gzip.
            out.writeBytes(HEADER);
            headerWritten = true;
        }
        if (headerWritten) {
            deflater.finish();
            drainDeflater(Deflater.NO_FLUSH, out);
            writeIntLe(out, outCrc.getValue());
            writeIntLe(out, outSize);
        }
        phase = Phase.DONE;
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
            inflater.end();
            deflater.end();
        }
    }

    private void feed(byte[] chunk, int from, int to, ByteArrayOutputStream out)
            throws DataFormatException, CorruptInput {
        int i = from;
        while (i < to) {
            switch (phase) {
                case BETWEEN_MEMBERS, HEADER -> {
                    phase = Phase.HEADER;
                    i = header.consume(chunk, i, to);
                    if (header.isComplete()) {
                        header.reset();
                        inflater.reset();
                        inCrc.reset();
                        memberSize = 0;
                        sawMember = true;
                        phase = Phase.DATA;
                    }
                }
                case DATA -> {
                    inflater.setInput(chunk, i, to - i);
                    inflateAvailable(out);
                    i = to - inflater.getRemaining();
                    if (inflater.finished()) {
                        trailerLength = 0;
                        phase = Phase.TRAILER;
                    }
                }
                case TRAILER -> {
                    int n = Math.min(8 - trailerLength, to - i);
                    System.arraycopy(chunk, i, trailer, trailerLength, n);
                    trailerLength += n;
                    i += n;
                    if (trailerLength == 8) {
                        checkTrailer();
                        phase = Phase.BETWEEN_MEMBERS;
                    }
                }
                case DONE -> throw new IllegalStateException("the stream is finished");
            }
        }
    }

    private void inflateAvailable(ByteArrayOutputStream out) throws DataFormatException, CorruptInput {
        while (true) {
            int n = inflater.inflate(inflated);
            if (n > 0) {
                inCrc.update(inflated, 0, n);
                memberSize += n;
                replacer.run(inflated, 0, n);
                deflate(replacer.output(), replacer.outputLength(), out);
            } else if (inflater.needsDictionary()) {
                throw new CorruptInput("the deflate stream asks for a preset dictionary, which gzip never uses");
            } else if (inflater.finished() || inflater.needsInput()) {
                return;
            }
        }
    }

    private void checkTrailer() throws CorruptInput {
        long crc = readIntLe(trailer, 0);
        long size = readIntLe(trailer, 4);
        if (crc != inCrc.getValue()) {
            throw new CorruptInput("CRC-32 mismatch in a gzip member");
        }
        if (size != (memberSize & 0xFFFF_FFFFL)) {
            throw new CorruptInput("length mismatch in a gzip member");
        }
    }

    private void deflate(byte[] data, int length, ByteArrayOutputStream out) {
        if (length == 0) {
            return;
        }
        if (!headerWritten) {
            out.writeBytes(HEADER);
            headerWritten = true;
        }
        outCrc.update(data, 0, length);
        outSize += length;
        deflater.setInput(data, 0, length);
        while (!deflater.needsInput()) {
            int n = deflater.deflate(deflated, 0, deflated.length, Deflater.NO_FLUSH);
            out.write(deflated, 0, n);
        }
        unflushed = true;
    }

    private void drainDeflater(int flush, ByteArrayOutputStream out) {
        while (true) {
            int n = deflater.deflate(deflated, 0, deflated.length, flush);
            out.write(deflated, 0, n);
            boolean more = flush == Deflater.NO_FLUSH ? !deflater.finished() : n == deflated.length;
            if (!more) {
                return;
            }
        }
    }

    private Corrupt fail(String reason) {
        corrupt = new Corrupt(reason);
        close();
        return corrupt;
    }

    private static long readIntLe(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static void writeIntLe(ByteArrayOutputStream out, long v) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }
}
