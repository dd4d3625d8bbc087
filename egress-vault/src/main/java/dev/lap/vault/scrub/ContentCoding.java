package dev.lap.vault.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A body's {@code Content-Encoding}, as far as scrubbing is concerned: the one place that knows
 * which codings the vault can look inside. The proxy offers upstream only codings it can decode
 * ({@link #acceptEncoding}), refuses a response in any other, and opens the matching
 * {@link CodedScrubber} for a compressed body.
 *
 * <p>{@code br} needs brotli4j's native library: where it did not load, {@code br} is neither
 * offered nor accepted, so a br response is refused as unscrubbable rather than passed on.
 */
public sealed interface ContentCoding {

    /** No coding (absent, empty or {@code identity}): scrubbed in place, length kept. */
    record Identity() implements ContentCoding {}

    /** A coding the vault decodes to scrub and encodes again; the length changes. */
    sealed interface Compressed extends ContentCoding {
        /** The coding's token, as sent in {@code Content-Encoding}. */
        String token();

        /** A scrubber for one body in this coding, replacing what {@code scrubber} targets. */
        CodedScrubber open(Scrubber scrubber);
    }

    record Gzip() implements Compressed {
        @Override
        public String token() {
            return "gzip";
        }

        @Override
        public CodedScrubber open(Scrubber scrubber) {
            return scrubber.newGzipStream();
        }
    }

    record Deflate() implements Compressed {
        @Override
        public String token() {
            return "deflate";
        }

        @Override
        public CodedScrubber open(Scrubber scrubber) {
            return scrubber.newDeflateStream();
        }
    }

    record Brotli() implements Compressed {
        @Override
        public String token() {
            return "br";
        }

        @Override
        public CodedScrubber open(Scrubber scrubber) {
            return scrubber.newBrotliStream();
        }
    }

    /**
     * A coding the vault cannot look inside: unknown ({@code zstd}, {@code compress}), {@code br}
     * without its native library, or a stack of codings (a list, or the header sent twice).
     */
    record Unscrubbable(String contentEncoding) implements ContentCoding {}

    /** Whether {@code br} can be scrubbed in this process. */
    static boolean brotliAvailable() {
        return BrotliHolder.AVAILABLE;
    }

    /** Reads every {@code Content-Encoding} value of a message, with brotli as this process has it. */
    static ContentCoding of(List<String> contentEncodings) {
        return of(contentEncodings, brotliAvailable());
    }

    /** Reads every {@code Content-Encoding} value of a message; none, or one empty, is identity. */
    static ContentCoding of(List<String> contentEncodings, boolean brotli) {
        if (contentEncodings.isEmpty()) {
            return new Identity();
        }
        String joined = String.join(",", contentEncodings);
        if (contentEncodings.size() > 1 || joined.contains(",")) {
            // A client would undo every coding in turn, so a stack is scrubbable only if the vault
            // undid them all; it does not try.
            return new Unscrubbable(joined);
        }
        String value = joined.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "identity" -> new Identity();
            case "gzip", "x-gzip" -> new Gzip();
            case "deflate" -> new Deflate();
            case "br" -> brotli ? new Brotli() : new Unscrubbable(joined);
            default -> new Unscrubbable(joined);
        };
    }

    /** The codings of the client's {@code Accept-Encoding} the vault can scrub, with brotli as this process has it. */
    static String acceptEncoding(@Nullable String clientAcceptEncoding) {
        return acceptEncoding(clientAcceptEncoding, brotliAvailable());
    }

    /**
     * The entries of the client's {@code Accept-Encoding} (weights kept) whose coding the vault can
     * scrub; empty when none is, and then nothing is offered (identity). A coding the client did
     * not offer is never added: the client would have to decode it.
     */
    static String acceptEncoding(@Nullable String clientAcceptEncoding, boolean brotli) {
        if (clientAcceptEncoding == null) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String part : clientAcceptEncoding.split(",")) {
            String coding = part.split(";", 2)[0].trim();
            boolean scrubbable = switch (of(List.of(coding), brotli)) {
                case Identity i -> !coding.isEmpty();
                case Compressed c -> true;
                case Unscrubbable u -> false;
            };
            if (scrubbable) {
                kept.add(part.trim());
            }
        }
        return String.join(", ", kept);
    }

    /** Asks brotli4j once, on first use, so a vault that never sees br never loads the library. */
    final class BrotliHolder {
        static final boolean AVAILABLE = BrotliScrubber.available();

        private BrotliHolder() {}
    }
}
