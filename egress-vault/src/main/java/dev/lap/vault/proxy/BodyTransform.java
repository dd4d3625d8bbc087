package dev.lap.vault.proxy;

import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.scrub.GzipScrubber;
import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Map;
import java.util.Set;

/**
 * A body as it streams through the vault, one chunk at a time: unchanged, with secrets replaced
 * (identity coding, same length), or with secrets replaced inside a gzip stream (re-compressed).
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

    static BodyTransform scrubbing(Credentials credentials, ByteBufAllocator alloc) {
        Scrubber s = credentials.responseScrubber();
        return s.isEmpty() ? NONE : new Replacing(s.newStream(), alloc, credentials, true);
    }

    static BodyTransform scrubbingGzip(Credentials credentials, ByteBufAllocator alloc) {
        Scrubber s = credentials.responseScrubber();
        return s.isEmpty() ? NONE : new Gzip(s.newGzipStream(), credentials);
    }

    static BodyTransform swappingBody(
            Credentials credentials, String host, Set<String> inject, ByteBufAllocator alloc) {
        Scrubber s = credentials.bodySwapper(host, inject);
        return s.isEmpty() ? NONE : new Replacing(s.newStream(), alloc, credentials, false);
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
                    .credential(id)
                    .ifPresent(c -> record.scrubbed(
                            new RequestRecord.ScrubCount(id, c.secret().fingerprint(), n), where)));
        }
    }

    /** gzip: inflated, scrubbed and deflated again as it streams; the length changes (chunked). */
    final class Gzip implements BodyTransform {
        private final GzipScrubber gzip;
        private final Credentials credentials;

        Gzip(GzipScrubber gzip, Credentials credentials) {
            this.gzip = gzip;
            this.credentials = credentials;
        }

        @Override
        public ByteBuf apply(ByteBuf chunk, boolean last) throws UnreadableBody {
            byte[] out = bytes(gzip.process(chunk));
            if (!last) {
                return Unpooled.wrappedBuffer(out);
            }
            byte[] tail = bytes(gzip.finish());
            gzip.close();
            return Unpooled.wrappedBuffer(out, tail);
        }

        private byte[] bytes(GzipScrubber.Result result) throws UnreadableBody {
            return switch (result) {
                case GzipScrubber.Data d -> d.bytes();
                case GzipScrubber.Corrupt c -> {
                    gzip.close();
                    throw new UnreadableBody("corrupt gzip: " + c.reason());
                }
            };
        }

        @Override
        public Map<String, Long> replacements() {
            return gzip.replacements();
        }

        @Override
        public void close() {
            gzip.close(); // the Inflater and Deflater hold native memory until closed
        }

        @Override
        public void report(RequestRecord record) {
            Replacing.report(record, replacements(), credentials, "body (gzip)");
        }
    }
}
