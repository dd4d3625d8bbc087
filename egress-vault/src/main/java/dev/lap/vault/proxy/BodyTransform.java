package dev.lap.vault.proxy;

import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.scrub.CodedScrubber;
import dev.lap.vault.scrub.ContentCoding;
import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.Set;

/**
 * A body as it streams through the vault, one chunk at a time: unchanged, with secrets replaced
 * (identity coding, same length), or with secrets replaced inside a compressed stream (gzip,
 * deflate or br: decoded and encoded again, so the length changes).
 * {@link #apply} never keeps the input; the caller releases it.
 */
sealed interface BodyTransform {
    BodyTransform NONE = new Unchanged();

    /** The transformed bytes of {@code chunk}; with {@code last}, also whatever was held back. */
    ByteBuf apply(ByteBuf chunk, boolean last) throws UnreadableBody;

    /** Counts of replacements by credential id, once the body is complete. */
    Map<String, Long> replacements();

    /** Records what was replaced, as scrubs (responses) or nothing (requests record swaps). */
    default void report(RequestRecord record) {}

    /** Frees what the transform holds outside the heap; called when a body is abandoned. */
    default void close() {}

    /** A body the vault cannot read, such as corrupt gzip; the exchange fails rather than pass it. */
    final class UnreadableBody extends Exception {
        UnreadableBody(String message) {
            super(message);
        }
    }

    /** Scrubs a response body in {@code coding}; a {@link ContentCoding.Unscrubbable} one is never relayed. */
    static BodyTransform scrubbing(ContentCoding coding, Credentials credentials, ByteBufAllocator alloc) {
        Scrubber s = credentials.responseScrubber();
        if (s.isEmpty()) {
            return NONE;
        }
        return switch (coding) {
            case ContentCoding.Identity i -> new Replacing(s.newStream(), alloc, credentials, true);
            case ContentCoding.Compressed c -> new Coded(c, c.open(s), credentials, true);
            case ContentCoding.Unscrubbable u ->
                throw new IllegalArgumentException("an unscrubbable response is refused, not scrubbed");
        };
    }

    /**
     * Swaps stubs for real values in a request body in {@code coding}. A body in a coding the vault
     * cannot read goes upstream unchanged: its stubs stay stubs, so nothing real leaks, but they
     * are not swapped either.
     */
    static BodyTransform swappingBody(
            ContentCoding coding, Credentials credentials, String host, Set<String> inject, ByteBufAllocator alloc) {
        Scrubber s = credentials.bodySwapper(host, inject);
        if (s.isEmpty()) {
            return NONE;
        }
        return switch (coding) {
            case ContentCoding.Identity i -> new Replacing(s.newStream(), alloc, credentials, false);
            case ContentCoding.Compressed c -> new Coded(c, c.open(s), credentials, false);
            case ContentCoding.Unscrubbable u -> NONE;
        };
    }

    /** Whether the transform re-encodes the body, so its length changes and it goes out chunked. */
    default boolean reframes() {
        return false;
    }

    record Unchanged() implements BodyTransform {
        @Override
        public ByteBuf apply(ByteBuf chunk, boolean last) {
            return chunk.retainedDuplicate();
        }

        @Override
        public Map<String, Long> replacements() {
            return Map.of();
        }
    }

    /** Identity coding: a stub and its secret have the same length, so the framing holds. */
    final class Replacing implements BodyTransform {
        private final StreamReplacer replacer;
        private final ByteBufAllocator alloc;
        private final Credentials credentials;
        private final boolean scrub;

        Replacing(StreamReplacer replacer, ByteBufAllocator alloc, Credentials credentials, boolean scrub) {
            this.replacer = replacer;
            this.alloc = alloc;
            this.credentials = credentials;
            this.scrub = scrub;
        }

        @Override
        public ByteBuf apply(ByteBuf chunk, boolean last) {
            ByteBuf out = replacer.process(chunk, alloc);
            if (!last) {
                return out;
            }
            ByteBuf tail = replacer.finish(alloc);
            return tail.isReadable() ? Unpooled.wrappedBuffer(out, tail) : release(tail, out);
        }

        private static ByteBuf release(ByteBuf tail, ByteBuf out) {
            tail.release();
            return out;
        }

        @Override
        public Map<String, Long> replacements() {
            return replacer.replacements();
        }

        @Override
        public void report(RequestRecord record) {
            report(record, replacements(), credentials, scrub ? "body" : null);
        }

        static void report(RequestRecord record, Map<String, Long> counts, Credentials credentials, String where) {
            if (where == null) {
                return; // request-body swaps are recorded as swaps by the exchange
            }
            counts.forEach((id, n) -> credentials
                    .fingerprint(id)
                    .ifPresent(fp -> record.scrubbed(new RequestRecord.ScrubCount(id, fp, n), where)));
        }
    }

    /** A response body a decision captures from: held whole, then rewritten at once ({@link ResponseCapture}). */
    final class Capturing implements BodyTransform {
        private final ResponseCapture.Body body;

        Capturing(ResponseCapture.Body body) {
            this.body = body;
        }

        @Override
        public ByteBuf apply(ByteBuf chunk, boolean last) throws UnreadableBody {
            return body.apply(chunk, last);
        }

        @Override
        public Map<String, Long> replacements() {
            return body.replacements();
        }

        @Override
        public boolean reframes() {
            return true;
        }

        @Override
        public void report(RequestRecord record) {
            Replacing.report(record, replacements(), body.credentials(), "body");
        }
    }

    /** A compressed body: decoded, replaced and encoded again as it streams; the length changes. */
    final class Coded implements BodyTransform {
        private final ContentCoding.Compressed coding;
        private final CodedScrubber coded;
        private final Credentials credentials;
        private final boolean scrub;

        Coded(ContentCoding.Compressed coding, CodedScrubber coded, Credentials credentials, boolean scrub) {
            this.coding = coding;
            this.coded = coded;
            this.credentials = credentials;
            this.scrub = scrub;
        }

        @Override
        public ByteBuf apply(ByteBuf chunk, boolean last) throws UnreadableBody {
            byte[] out = bytes(coded.process(chunk));
            if (!last) {
                return Unpooled.wrappedBuffer(out);
            }
            byte[] tail = bytes(coded.finish());
            coded.close();
            return Unpooled.wrappedBuffer(out, tail);
        }

        private byte[] bytes(CodedScrubber.Result result) throws UnreadableBody {
            return switch (result) {
                case CodedScrubber.Data d -> d.bytes();
                case CodedScrubber.Corrupt c -> {
                    coded.close();
                    throw new UnreadableBody("corrupt " + coding.token() + ": " + c.reason());
                }
            };
        }

        @Override
        public boolean reframes() {
            return true;
        }

        @Override
        public Map<String, Long> replacements() {
            return coded.replacements();
        }

        @Override
        public void close() {
            coded.close(); // the codecs hold native memory until closed
        }

        @Override
        public void report(RequestRecord record) {
            Replacing.report(record, replacements(), credentials, scrub ? "body (" + coding.token() + ")" : null);
        }
    }
}
