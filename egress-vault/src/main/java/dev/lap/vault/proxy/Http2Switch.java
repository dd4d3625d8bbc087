package dev.lap.vault.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.util.function.Supplier;

/**
 * Sits behind a tunnel's TLS handler until the handshake completes. When ALPN chose {@code h2}, it
 * replaces the HTTP/1.1 handlers with Netty's HTTP/2 codec and one child channel per stream; each
 * child runs {@link Http2RequestDecoder}, the slow-client deadlines and a {@link ClientHandler} of
 * its own, so every stream is judged as one request by the same code as HTTP/1.1. Otherwise it
 * only removes itself.
 *
 * <p>The connection's settings carry the abuse caps: {@code SETTINGS_MAX_CONCURRENT_STREAMS}
 * ({@code Limits.maxConcurrentStreams}; Netty refuses a stream beyond it with {@code
 * REFUSED_STREAM}), {@code SETTINGS_MAX_HEADER_LIST_SIZE} (the request head cap; Netty answers a
 * larger header block 431), and the rapid-reset cap ({@code Limits.maxStreamResets} per {@code
 * streamResetWindow}; Netty ends the connection with {@code GOAWAY ENHANCE_YOUR_CALM}, which
 * {@link Http2ConnectionGuard} records). The parent reads freely from then on: HTTP/2's flow
 * control windows, returned only as a stream's handler reads, bound what the vault buffers.
 */
final class Http2Switch extends ChannelInboundHandlerAdapter {
    static final String NAME = "alpn";

    private final ProxyContext px;
    private final Supplier<ClientHandler.Tunnel> tunnel;

    Http2Switch(ProxyContext px, Supplier<ClientHandler.Tunnel> tunnel) {
        this.px = px;
        this.tunnel = tunnel;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            ChannelPipeline p = ctx.pipeline();
            p.remove(this);
            SslHandler tls = p.get(SslHandler.class);
            if (done.isSuccess() && tls != null && ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
                toHttp2(p, tunnel.get());
            }
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void toHttp2(ChannelPipeline p, ClientHandler.Tunnel t) {
        // The HTTP/1.1 handlers go, the connection-wide ones (idle time-out, TLS) stay. The
        // connection's head deadline is left in its tunnel phase: each stream has its own.
        p.remove(ProxyServer.DECODER);
        p.remove(ProxyServer.REQUESTS);
        p.remove("encoder");
        p.remove(ProxyServer.CLIENT);
        var limits = px.limits();
        p.addLast(
                "h2",
                Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings()
                                .maxConcurrentStreams(limits.maxConcurrentStreams())
                                .maxHeaderListSize(limits.maxHeaderBytes()))
                        .decoderEnforceMaxRstFramesPerWindow(limits.maxStreamResets(), (int)
                                limits.streamResetWindow().toSeconds())
                        .validateHeaders(true)
                        .build());
        p.addLast("h2-streams", new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel ch) {
                ch.config().setAutoRead(false);
                var deadlines = new ClientDeadlines(limits);
                ch.pipeline()
                        .addLast("deadlines", deadlines.bytes())
                        .addLast(ProxyServer.DECODER, new Http2RequestDecoder(limits.maxInitialLineBytes()))
                        .addLast(ProxyServer.REQUESTS, deadlines.requests())
                        .addLast("encoder", new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast(ProxyServer.CLIENT, new ClientHandler(px, t));
            }
        }));
        p.addLast("h2-connection", new Http2ConnectionGuard(px, t));
        p.channel().config().setAutoRead(true);
    }
}
