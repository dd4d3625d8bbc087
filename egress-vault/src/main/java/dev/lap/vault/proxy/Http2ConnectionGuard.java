package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * The last handler of an HTTP/2 client connection (its streams have their own {@link
 * ClientHandler}): closes an idle connection, and records a flood Netty's codec ended with {@code
 * GOAWAY ENHANCE_YOUR_CALM} (more resets than {@code Limits.maxStreamResets} in the window, the
 * rapid-reset attack; runs of empty DATA or tiny CONTINUATION frames) as a {@code limit} event
 * {@code http2_flood}. Netty has already sent the GOAWAY and closes the connection.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private final ClientHandler.Tunnel tunnel;
    private boolean recorded;

    Http2ConnectionGuard(ProxyContext px, ClientHandler.Tunnel tunnel) {
        this.px = px;
        this.tunnel = tunnel;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            ctx.close(); // the codec says GOAWAY first
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!(cause instanceof Http2Exception h2)) {
            ctx.close();
            return;
        }
        // The codec sends its GOAWAY, with the error code, and closes after this returns; closing
        // here would say GOAWAY NO_ERROR first.
        if (h2.error() == Http2Error.ENHANCE_YOUR_CALM && !recorded) {
            recorded = true;
            px.audit()
                    .record(new AuditEvent.Limit(
                            AuditEvent.Actor.NONE,
                            new AuditEvent.Request(
                                    null, null, null, tunnel.host().name(), tunnel.port(), null),
                            "http2_flood",
                            (long) px.limits().maxStreamResets()));
        }
    }
}
