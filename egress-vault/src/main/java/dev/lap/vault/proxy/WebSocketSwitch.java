package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.websocket.FrameRelay;
import dev.lap.vault.websocket.RelayEvents;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;

/**
 * Switches a connection pair to WebSocket frames once the upstream's {@code 101} completed the
 * handshake ({@link dev.lap.vault.websocket.WebSocketUpgrade.WebSocket#fault}): relays the
 * {@code 101} scrubbed, records the request's decision (status 101), and replaces the HTTP codecs
 * and handlers of both connections with the frame codecs and a {@link FrameRelay}. The upstream
 * connection is never pooled again. Its scrub events, a frame-size refusal and the connection's
 * end are recorded against the upgrade request.
 */
final class WebSocketSwitch {
    private static final String DECODER = "ws-decoder";
    private static final String ENCODER = "ws-encoder";
    private static final String RELAY = "ws-relay";

    private WebSocketSwitch() {}

    static void start(
            ClientHandler owner,
            ChannelHandlerContext client,
            Channel upstream,
            HttpResponse response,
            RequestRecord record,
            String requestId) {
        ProxyContext live = owner.context();
        HttpHeaders h = response.headers();
        ResponseRelay.scrubHeaders(live, record, h, "header");
        ForwardHeaders.removeHopByHop(h);
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        h.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
        h.set("x-lap-request-id", requestId);
        var switched = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER,
                h,
                EmptyHttpHeaders.INSTANCE);
        record.responded(101);
        record.finished(101);
        if (!owner.handOver()) {
            upstream.close();
            client.close();
            return;
        }
        var relay = new FrameRelay(
                client.channel(),
                upstream,
                () -> owner.context().credentials().responseScrubber(),
                events(live, record));
        // The upstream leg first: anything the server sent after its 101 (bytes the HTTP decoder
        // holds) goes to the frame decoder, which is in place before the HTTP decoder leaves.
        ChannelPipeline up = upstream.pipeline();
        var codec = up.context(HttpClientCodec.class);
        up.replace(Upstreams.HANDLER, RELAY, relay.upstreamLeg());
        up.addAfter(codec.name(), DECODER, FrameRelay.clientDecoder());
        up.addAfter(codec.name(), ENCODER, FrameRelay.clientEncoder());
        ((HttpClientCodec) codec.handler()).removeInboundHandler();
        client.writeAndFlush(switched)
                .addListener(f -> client.executor().execute(() -> {
                    if (!f.isSuccess()) {
                        upstream.close();
                        client.close();
                        return;
                    }
                    up.remove(codec.handler());
                    ChannelPipeline cp = client.pipeline();
                    // The request deadlines time HTTP heads and bodies; a WebSocket has the idle time-out.
                    cp.remove("deadlines");
                    cp.remove(ProxyServer.REQUESTS);
                    cp.replace(ProxyServer.DECODER, DECODER, FrameRelay.serverDecoder());
                    cp.replace("encoder", ENCODER, FrameRelay.serverEncoder());
                    cp.replace(ProxyServer.CLIENT, RELAY, relay.clientLeg());
                    relay.start();
                }));
    }

    private static RelayEvents events(ProxyContext live, RequestRecord record) {
        return new RelayEvents() {
            @Override
            public void scrubbed(Map<String, Long> countsById) {
                countsById.forEach((id, n) -> live.credentials()
                        .credential(id)
                        .ifPresent(c -> record.scrubbed(
                                new RequestRecord.ScrubCount(id, c.secret().fingerprint(), n), "websocket")));
            }

            @Override
            public void limit(String limit, long max) {
                live.audit().record(new AuditEvent.Limit(record.actor(), record.auditRequest(), limit, max));
            }

            @Override
            public void ended(End end) {
                live.audit()
                        .record(new AuditEvent.Connection(
                                record.actor(),
                                record.auditRequest(),
                                "websocket",
                                end.how(),
                                end.duration(),
                                end.framesToUpstream(),
                                end.framesToClient(),
                                end.bytesToUpstream(),
                                end.bytesToClient()));
            }
        };
    }
}
