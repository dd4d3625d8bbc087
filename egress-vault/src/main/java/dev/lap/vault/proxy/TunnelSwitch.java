package dev.lap.vault.proxy;

import dev.lap.vault.host.CanonicalHost;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsyncMapping;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns a plain connection into an intercepted tunnel after {@code CONNECT host:port}: answers
 * 200, then puts TLS (a leaf minted for the CONNECT host) under a fresh HTTP/1.1 codec, which
 * {@link Http2Switch} replaces with HTTP/2's when ALPN chooses {@code h2}.
 *
 * <p>The leaf is always minted for the CONNECT target, never for whatever name the client puts in
 * SNI ({@link dev.lap.vault.tls.LeafCertificates#tunnelMapping}); the SNI is only recorded, and a
 * mismatch ({@link dev.lap.vault.tls.LeafCertificates#sniMatches}) is refused on the first request
 * with 421, where a JSON reason can be sent.
 */
final class TunnelSwitch {
    private TunnelSwitch() {}

    static void open(
            ChannelHandlerContext ctx,
            ProxyContext px,
            CanonicalHost host,
            int port,
            Consumer<@Nullable String> onTunnel) {
        ChannelPipeline p = ctx.pipeline();
        // Removing the decoder now means any byte the client sent before our 200 reaches the
        // client handler as a raw buffer, which it refuses.
        p.remove(ProxyServer.DECODER);
        var established = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, new HttpResponseStatus(200, "Connection Established"));
        ChannelFuture written = ctx.writeAndFlush(established);
        written.addListener(f -> {
            if (!f.isSuccess()) {
                ctx.close();
                return;
            }
            p.remove(HttpResponseEncoder.class);
            String[] sni = new String[1];
            AsyncMapping<String, SslContext> leafFor =
                    px.leaves().tunnelMapping(host, px.blocking(), serverName -> sni[0] = serverName);
            long handshakeMillis = px.limits().handshakeTimeout().toMillis();
            // TLS and the decoder go before the deadlines' request watcher, which must see decoded requests.
            p.addBefore(ProxyServer.REQUESTS, "tls", new SniHandler(leafFor, 16 * 1024, handshakeMillis) {
                @Override
                protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
                    SslHandler handler = super.newSslHandler(context, allocator);
                    handler.setHandshakeTimeoutMillis(handshakeMillis);
                    onTunnel.accept(sni[0]);
                    return handler;
                }
            });
            p.addBefore(ProxyServer.REQUESTS, ProxyServer.DECODER, ProxyServer.newDecoder(px.limits()));
            p.addBefore(
                    ProxyServer.DECODER,
                    Http2Switch.NAME,
                    new Http2Switch(px, () -> new ClientHandler.Tunnel(host, port, sni[0])));
            p.addBefore(ProxyServer.CLIENT, "encoder", new HttpResponseEncoder());
            ctx.read();
        });
    }
}
