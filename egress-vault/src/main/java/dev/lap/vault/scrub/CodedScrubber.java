package dev.lap.vault.scrub;

import io.netty.buffer.ByteBuf;
import java.util.Map;

/**
 * Scrubs one compressed body chunk by chunk: decodes, replaces, encodes again, with a flush at the
 * end of every chunk so a streamed response is not held back. Memory stays bounded by the coding's
 * window and one chunk, never the body.
 *
 * <p>Input the scrubber cannot decode yields {@link Corrupt}, and it stays corrupt: bytes it could
 * not inspect are never passed on. The codecs hold native memory, freed on {@link #finish()}, on
 * corruption, or by {@link #close()} when the body is abandoned.
 */
public sealed interface CodedScrubber extends AutoCloseable permits GzipScrubber, DeflateScrubber, BrotliScrubber {

    /** What one call produced. */
    sealed interface Result {}

    /** Encoded bytes to send on (possibly empty). */
    record Data(byte[] bytes) implements Result {}

    /** The input is not a stream the scrubber can vouch for; send nothing more. */
    record Corrupt(String reason) implements Result {}

    /** Consumes the chunk's readable bytes; the caller keeps ownership of the buffer. */
    default Result process(ByteBuf chunk) {
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.readBytes(bytes);
        return process(bytes, 0, bytes.length);
    }

    default Result process(byte[] chunk) {
        return process(chunk, 0, chunk.length);
    }

    Result process(byte[] chunk, int offset, int length);

    /** Ends the input: flushes the replacer's tail and ends the encoded stream. */
    Result finish();

    /** Replacements made so far, by pattern id. */
    Map<String, Long> replacements();

    @Override
    void close();
}
