package dev.lap.vault.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay between two embedded connections: the sandbox's (client) and the upstream's. */
class FrameRelayTest {
    EmbeddedChannel client;
    EmbeddedChannel upstream;
    FrameRelay relay;
    final List<String> limits = new ArrayList<>();
    final List<RelayEvents.End> ends = new ArrayList<>();
    final List<Map<String, Long>> scrubs = new ArrayList<>();

    @BeforeEach
    void connect() {
        client = new EmbeddedChannel();
        upstream = new EmbeddedChannel();
        relay = new FrameRelay(client, upstream, () -> FrameScrubberTest.SCRUBBER, new RelayEvents() {
            @Override
            public void scrubbed(Map<String, Long> countsById) {
                scrubs.add(countsById);
            }

            @Override
            public void limit(String limit, long max) {
                limits.add(limit + " " + max);
            }

            @Override
            public void ended(End end) {
                ends.add(end);
            }
        });
        client.pipeline().addLast(FrameRelay.serverDecoder(), FrameRelay.serverEncoder(), relay.clientLeg());
        upstream.pipeline().addLast(FrameRelay.clientDecoder(), FrameRelay.clientEncoder(), relay.upstreamLeg());
    }

    @AfterEach
    void close() {
        client.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    /** A frame as the peer puts it on the wire: a sandbox masks, a server does not. */
    private static ByteBuf wire(WebSocketFrame frame, boolean masked) {
        var enc = new EmbeddedChannel(new WebSocket13FrameEncoder(masked));
        enc.writeOutbound(frame);
        ByteBuf out = Unpooled.buffer();
        for (ByteBuf b; (b = enc.readOutbound()) != null; ) {
            out.writeBytes(b);
            b.release();
        }
        return out;
    }

    /** What the vault sent on {@code ch}, decoded as its peer would. */
    private static List<WebSocketFrame> sent(EmbeddedChannel ch, boolean masked) {
        var dec = new EmbeddedChannel(new WebSocket13FrameDecoder(masked, false, 1 << 24));
        for (Object o; (o = ch.readOutbound()) != null; ) {
            dec.writeInbound(o);
        }
        List<WebSocketFrame> frames = new ArrayList<>();
        for (WebSocketFrame f; (f = dec.readInbound()) != null; ) {
            frames.add(f);
        }
        return frames;
    }

    private static int closeCode(List<WebSocketFrame> frames) {
        assertThat(frames).last().isInstanceOf(CloseWebSocketFrame.class);
        return ((CloseWebSocketFrame) frames.getLast()).statusCode();
    }

    @Test
    void framesTheUpstreamSentBeforeTheSwitchAreRelayedScrubbedInOrderOnStart() {
        upstream.writeInbound(wire(new TextWebSocketFrame("one " + FrameScrubberTest.REAL), false));
        upstream.writeInbound(wire(new TextWebSocketFrame("two"), false));
        assertThat(client.outboundMessages()).isEmpty();
        relay.start();
        assertThat(sent(client, false))
                .extracting(f -> ((TextWebSocketFrame) f).text())
                .containsExactly("one " + FrameScrubberTest.STUB, "two");
        assertThat(scrubs).containsExactly(Map.of("github", 1L));
    }

    @Test
    void clientFramesGoUpstreamAsSentMaskedAgain() {
        relay.start();
        client.writeInbound(wire(new TextWebSocketFrame("hello " + FrameScrubberTest.STUB), true));
        assertThat(sent(upstream, true))
                .extracting(f -> ((TextWebSocketFrame) f).text())
                .containsExactly("hello " + FrameScrubberTest.STUB);
    }

    @Test
    void aFrameOverTheCapIsClosed1009ToItsSenderAnd1001ToTheOtherSideAndRecordedAsALimit() {
        relay.start();
        // Only the header is needed: the length alone is over the cap.
        ByteBuf header = Unpooled.buffer().writeByte(0x82).writeByte(127).writeLong(2L * FrameRelay.MAX_FRAME_PAYLOAD);
        upstream.writeInbound(header);
        assertThat(closeCode(sent(upstream, true))).isEqualTo(1009);
        assertThat(closeCode(sent(client, false))).isEqualTo(1001);
        assertThat(limits).containsExactly("max_websocket_frame_bytes " + FrameRelay.MAX_FRAME_PAYLOAD);
        assertThat(client.isOpen()).isFalse();
        assertThat(upstream.isOpen()).isFalse();
        assertThat(ends)
                .singleElement()
                .satisfies(e -> assertThat(e.how())
                        .isEqualTo("the upstream sent a WebSocket frame over the 1048576-byte cap (1009)"));
    }

    @Test
    void anUnmaskedFrameFromTheSandboxIsAProtocolError() {
        relay.start();
        client.writeInbound(wire(new TextWebSocketFrame("unmasked"), false));
        assertThat(closeCode(sent(client, false))).isEqualTo(1002);
        assertThat(closeCode(sent(upstream, true))).isEqualTo(1001);
        assertThat(ends).singleElement().satisfies(e -> assertThat(e.how()).contains("the client broke"));
    }

    @Test
    void aReservedBitFromTheUpstreamIsAProtocolErrorSinceNoExtensionWasNegotiated() {
        relay.start();
        // FIN + RSV1 (permessage-deflate's "compressed" bit) + text, 2 bytes of payload.
        upstream.writeInbound(Unpooled.buffer().writeByte(0xC1).writeByte(2).writeShort(0x6869));
        assertThat(closeCode(sent(upstream, true))).isEqualTo(1002);
        assertThat(sent(client, false))
                .as("the compressed frame never reaches the sandbox")
                .singleElement()
                .isInstanceOf(CloseWebSocketFrame.class);
    }

    @Test
    void theClosingHandshakeIsRelayedBothWaysAndThenBothConnectionsEnd() {
        relay.start();
        client.writeInbound(wire(new CloseWebSocketFrame(1000, "done"), true));
        assertThat(closeCode(sent(upstream, true))).isEqualTo(1000);
        assertThat(client.isOpen()).isTrue();
        upstream.writeInbound(wire(new CloseWebSocketFrame(1000, "bye " + FrameScrubberTest.REAL), false));
        var toClient = sent(client, false);
        assertThat(((CloseWebSocketFrame) toClient.getLast()).reasonText()).isEqualTo("bye " + FrameScrubberTest.STUB);
        assertThat(client.isOpen()).isFalse();
        assertThat(upstream.isOpen()).isFalse();
        assertThat(ends).singleElement().satisfies(e -> {
            assertThat(e.how()).isEqualTo("the client closed the WebSocket (1000)");
            assertThat(e.framesToUpstream()).isEqualTo(1);
            assertThat(e.framesToClient()).isEqualTo(1);
        });
    }

    @Test
    void anIdleConnectionIsClosed1001BothWays() {
        relay.start();
        client.pipeline().fireUserEventTriggered(io.netty.handler.timeout.IdleStateEvent.ALL_IDLE_STATE_EVENT);
        assertThat(closeCode(sent(client, false))).isEqualTo(1001);
        assertThat(closeCode(sent(upstream, true))).isEqualTo(1001);
        assertThat(ends).singleElement().satisfies(e -> assertThat(e.how()).contains("idle time-out"));
    }

    @Test
    void oneSideClosingItsConnectionEndsTheOther() {
        relay.start();
        upstream.close();
        assertThat(client.isOpen()).isFalse();
        assertThat(ends)
                .singleElement()
                .satisfies(
                        e -> assertThat(e.how()).isEqualTo("the upstream closed the connection without a close frame"));
    }
}
