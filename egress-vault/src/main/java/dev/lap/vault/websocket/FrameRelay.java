package dev.lap.vault.websocket;

import dev.lap.vault.scrub.Scrubber;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Relays WebSocket frames between the sandbox and the upstream after a {@code 101}: Netty's frame
 * codecs on both legs (the vault is the server to the sandbox, the client to the upstream, so
 * masking follows RFC 6455 on each), every frame toward the sandbox scrubbed ({@link
 * FrameScrubber}), frames toward the upstream relayed as they are. No extension is negotiated,
 * so a frame with a reserved bit set is a protocol error; a frame payload over {@link
 * #MAX_FRAME_PAYLOAD} ends the connection (close code 1009 to whoever sent it).
 *
 * <p>Close frames are relayed; once each side has sent one, both connections end. Either side
 * closing its connection ends the other. Flow control is read-after-write, as for bodies: a leg is
 * read again only when the frame it gave was written and the other leg can take more. The idle
 * time-out of each connection (no frame either way) ends both.
 */
public final class FrameRelay {
    /** The largest frame payload accepted from either side; a message may be longer, in fragments. */
    public static final int MAX_FRAME_PAYLOAD = 1024 * 1024;

    private final Channel client;
    private final Channel upstream;
    private final FrameScrubber scrubber;
    private final RelayEvents events;
    private final Leg clientLeg = new Leg(true);
    private final Leg upstreamLeg = new Leg(false);
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private final long startNanos = System.nanoTime();
    private boolean started;
    private boolean closeFromClient;
    private boolean closeFromUpstream;
    private boolean ending;
    private int closedLegs;
    private @Nullable String how;
    private long framesToUpstream;
    private long framesToClient;
    private long bytesToUpstream;
    private long bytesToClient;

    private record Held(boolean fromClient, WebSocketFrame frame) {}

    public FrameRelay(Channel client, Channel upstream, Supplier<Scrubber> scrubbers, RelayEvents events) {
        this.client = client;
        this.upstream = upstream;
        this.scrubber = new FrameScrubber(scrubbers, client.alloc());
        this.events = events;
    }

    /** The frame decoder toward the sandbox: it must mask what it sends (RFC 6455 §5.1). */
    public static ChannelHandler serverDecoder() {
        return new WebSocket13FrameDecoder(config(true));
    }

    public static ChannelHandler serverEncoder() {
        return new WebSocket13FrameEncoder(false);
    }

    /** The frame decoder toward the upstream: it must not mask what it sends. */
    public static ChannelHandler clientDecoder() {
        return new WebSocket13FrameDecoder(config(false));
    }

    public static ChannelHandler clientEncoder() {
        return new WebSocket13FrameEncoder(true);
    }

    private static WebSocketDecoderConfig config(boolean expectMasked) {
        return WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(expectMasked)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX_FRAME_PAYLOAD)
                .closeOnProtocolViolation(false) // the relay answers a violation itself, on both legs
                .build();
    }

    /** The last handler of the sandbox's connection. */
    public ChannelHandler clientLeg() {
        return clientLeg;
    }

    /** The last handler of the upstream connection. */
    public ChannelHandler upstreamLeg() {
        return upstreamLeg;
    }

    /** Relays what either leg sent meanwhile, then reads both; call once both pipelines are switched. */
    public void start() {
        started = true;
        client.closeFuture().addListener(f -> legClosed(true));
        upstream.closeFuture().addListener(f -> legClosed(false));
        Held h;
        while ((h = held.poll()) != null) {
            onFrame(h.fromClient(), h.frame());
        }
        client.read();
        upstream.read();
    }

    private void onFrame(boolean fromClient, WebSocketFrame frame) {
        if (!started) {
            held.add(new Held(fromClient, frame));
            return;
        }
        if (ending) {
            frame.release();
            return;
        }
        Channel to = fromClient ? upstream : client;
        Channel from = fromClient ? client : upstream;
        int length = frame.content().readableBytes();
        WebSocketFrame out;
        if (fromClient) {
            // A stub in a frame stays a stub: frames are not swapped (docs/vault.md, WebSocket).
            out = frame;
            framesToUpstream++;
            bytesToUpstream += length;
        } else {
            out = scrubber.scrub(frame);
            var counts = scrubber.drainReplacements();
            if (!counts.isEmpty()) {
                events.scrubbed(counts);
            }
            framesToClient++;
            bytesToClient += length;
        }
        boolean close = out instanceof CloseWebSocketFrame;
        if (close) {
            int code = ((CloseWebSocketFrame) out).statusCode();
            ended((fromClient ? "the client" : "the upstream") + " closed the WebSocket"
                    + (code < 0 ? "" : " (" + code + ")"));
            if (fromClient) {
                closeFromClient = true;
            } else {
                closeFromUpstream = true;
            }
        }
        to.writeAndFlush(out).addListener(f -> {
            if (!f.isSuccess()) {
                ended("a frame could not be relayed to the " + (fromClient ? "upstream" : "client"));
                closeBoth();
            } else if (closeFromClient && closeFromUpstream) {
                closeBoth(); // the closing handshake is complete
            } else if (to.isWritable()) {
                from.read();
            }
        });
    }

    /** The first cause of the end wins; later ones are its consequences. */
    private void ended(String why) {
        if (how == null) {
            how = why;
        }
    }

    private void failed(boolean fromClient, Throwable cause) {
        if (ending) {
            closeBoth(); // a consequence of the end already under way
            return;
        }
        String side = fromClient ? "the client" : "the upstream";
        if (cause instanceof CorruptedWebSocketFrameException bad) {
            WebSocketCloseStatus status = bad.closeStatus();
            boolean tooBig = status.code() == WebSocketCloseStatus.MESSAGE_TOO_BIG.code();
            if (tooBig) {
                events.limit("max_websocket_frame_bytes", MAX_FRAME_PAYLOAD);
            }
            // Netty's message is not quoted: the reason names the fault, never the peer's bytes.
            ended(side
                    + (tooBig
                            ? " sent a WebSocket frame over the " + MAX_FRAME_PAYLOAD + "-byte cap (1009)"
                            : " broke the WebSocket protocol (" + status.code() + ")"));
            sendClose(fromClient ? client : upstream, status);
            sendClose(fromClient ? upstream : client, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        } else {
            ended(side + "'s connection failed");
        }
        closeBoth();
    }

    private void idle() {
        if (ending) {
            return;
        }
        ended("no WebSocket frame in either direction within the idle time-out");
        sendClose(client, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        sendClose(upstream, WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
        closeBoth();
    }

    /**
     * Queues a close frame toward {@code ch} unless one was already relayed to it; {@link
     * #closeBoth} then flushes it before the connection closes (both frames are queued before either
     * connection closes, since one closing closes the other).
     */
    private void sendClose(Channel ch, WebSocketCloseStatus status) {
        boolean gotClose = ch == client ? closeFromUpstream : closeFromClient;
        ending = true;
        if (ch.isActive() && !gotClose) {
            ch.write(new CloseWebSocketFrame(status));
        }
    }

    private void closeBoth() {
        ending = true;
        // Written after whatever is still queued on each connection, so a close frame is not cut off.
        client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        upstream.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    private void legClosed(boolean clientSide) {
        ended((clientSide ? "the client" : "the upstream") + " closed the connection"
                + ((clientSide ? closeFromClient : closeFromUpstream) ? "" : " without a close frame"));
        if (++closedLegs == 1) {
            closeBoth();
            return;
        }
        events.ended(new RelayEvents.End(
                how == null ? "closed" : how,
                Duration.ofNanos(System.nanoTime() - startNanos),
                framesToUpstream,
                framesToClient,
                bytesToUpstream,
                bytesToClient));
    }

    /** One leg's last handler: frames, errors, idleness and writability go to the relay. */
    private final class Leg extends ChannelInboundHandlerAdapter {
        private final boolean fromClient;

        Leg(boolean fromClient) {
            this.fromClient = fromClient;
        }

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                onFrame(fromClient, frame);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(fromClient, cause);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                idle();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && started && !ending) {
                (fromClient ? upstream : client).read();
            }
        }
    }
}
