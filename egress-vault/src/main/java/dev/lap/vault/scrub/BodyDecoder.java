package dev.lap.vault.scrub;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a whole body held in memory, for the one case where the vault must read a response
 * rather than stream it: capturing a field of it. The codings are {@link ContentCoding}'s, read
 * the way its scrubbers read them (several gzip members; zlib or raw deflate told apart by the
 * first two bytes). The decoded size is capped, so a small compressed body cannot expand without
 * bound.
 */
public final class BodyDecoder {
    private BodyDecoder() {}

    public sealed interface Decoded {}

    public record Data(byte[] bytes) implements Decoded {
        @Override
        public String toString() {
            return "Data[" + bytes.length + " bytes]";
        }
    }

    /** The decoded body would be longer than the cap. */
    public record TooLarge(long cap) implements Decoded {}

    /** Not a valid stream in its coding (or truncated). */
    public record Corrupt(String reason) implements Decoded {}

    public static Decoded decode(ContentCoding.Compressed coding, byte[] body, long cap) {
        if (body.length == 0) {
            return new Data(body);
        }
        // An Inflater handed to InflaterInputStream is not ended by close(): its native memory is
        // freed here.
        Inflater inflater = coding instanceof ContentCoding.Deflate
                ? new Inflater(body.length < 2 || !DeflateScrubber.isZlibHeader(body[0], body[1]))
                : null;
        try (InputStream in = open(coding, body, inflater)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (out.size() + (long) n > cap) {
                    return new TooLarge(cap);
                }
                out.write(buf, 0, n);
            }
            return new Data(out.toByteArray());
        } catch (IOException | RuntimeException e) {
            // Codec messages describe the fault, not the data; still, only the kind is kept.
            return new Corrupt("corrupt " + coding.token() + " (" + e.getClass().getSimpleName() + ")");
        } finally {
            if (inflater != null) {
                inflater.end();
            }
        }
    }

    private static InputStream open(ContentCoding.Compressed coding, byte[] body, @Nullable Inflater inflater)
            throws IOException {
        var bytes = new ByteArrayInputStream(body);
        return switch (coding) {
            case ContentCoding.Gzip g -> new GZIPInputStream(bytes);
            case ContentCoding.Deflate d -> new InflaterInputStream(bytes, java.util.Objects.requireNonNull(inflater));
            case ContentCoding.Brotli b -> {
                if (!BrotliScrubber.available()) {
                    throw new IOException("the brotli native library is not available");
                }
                yield new BrotliInputStream(bytes);
            }
        };
    }
}
