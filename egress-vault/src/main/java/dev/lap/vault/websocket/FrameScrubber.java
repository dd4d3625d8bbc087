package dev.lap.vault.websocket;

import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Replaces every real secret in frames bound for the sandbox by its stub. A data message (a text
 * or binary frame and its continuations) is one stream: a secret split across its fragments is
 * found, the bytes that may start one are held back until the next fragment or the message's end,
 * and the message keeps its length (a stub is as long as its secret), so only where fragments
 * end moves. Control frames (close reason, ping and pong payloads) are scrubbed whole. A message
 * is scrubbed on its own: a secret spread over two messages is not found (see docs/vault.md).
 *
 * <p>The scrubber is taken anew for each message, so a long-lived connection scrubs with the
 * credentials in force (rotated values and their grace period included), not those of its handshake.
 */
final class FrameScrubber {
    private final Supplier<Scrubber> scrubbers;
    private final ByteBufAllocator alloc;
    private @Nullable StreamReplacer message;
    private final Map<String, Long> replaced = new HashMap<>();

    FrameScrubber(Supplier<Scrubber> scrubbers, ByteBufAllocator alloc) {
        this.scrubbers = scrubbers;
        this.alloc = alloc;
    }

    /**
     * The scrubbed frame; the input is released. Netty's decoder has already refused a
     * continuation outside a message and a data frame inside one.
     */
    WebSocketFrame scrub(WebSocketFrame frame) {
        try {
            return switch (frame) {
                case TextWebSocketFrame t -> new TextWebSocketFrame(t.isFinalFragment(), 0, data(t, true));
                case BinaryWebSocketFrame b -> new BinaryWebSocketFrame(b.isFinalFragment(), 0, data(b, true));
                case ContinuationWebSocketFrame c ->
                    new ContinuationWebSocketFrame(c.isFinalFragment(), 0, data(c, false));
                case PingWebSocketFrame p -> new PingWebSocketFrame(whole(p.content()));
                case PongWebSocketFrame p -> new PongWebSocketFrame(whole(p.content()));
                case CloseWebSocketFrame c -> new CloseWebSocketFrame(true, 0, whole(c.content()));
                default -> throw new IllegalArgumentException("not a WebSocket frame Netty decodes: " + frame);
            };
        } finally {
            frame.release();
        }
    }

    /** How many times each credential was replaced since the last call; resets the counts. */
    Map<String, Long> drainReplacements() {
        Map<String, Long> out = Map.copyOf(replaced);
        replaced.clear();
        return out;
    }

    private ByteBuf data(WebSocketFrame frame, boolean first) {
        StreamReplacer r = message;
        if (first || r == null) {
            r = scrubbers.get().newStream();
            message = r;
        }
        ByteBuf out = r.process(frame.content(), alloc);
        if (frame.isFinalFragment()) {
            ByteBuf tail = r.finish(alloc);
            out.writeBytes(tail);
            tail.release();
            count(r);
            message = null;
        }
        return out;
    }

    private ByteBuf whole(ByteBuf payload) {
        StreamReplacer r = scrubbers.get().newStream();
        ByteBuf out = r.process(payload, alloc);
        ByteBuf tail = r.finish(alloc);
        out.writeBytes(tail);
        tail.release();
        count(r);
        return out;
    }

    private void count(StreamReplacer r) {
        r.replacements().forEach((id, n) -> replaced.merge(id, n, Long::sum));
    }
}
