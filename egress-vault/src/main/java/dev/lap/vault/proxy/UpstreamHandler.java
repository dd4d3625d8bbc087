package dev.lap.vault.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * The last handler of an upstream connection: hands the response to the exchange that owns the
 * connection right now. A pooled connection has no owner; anything it receives then (a late byte,
 * the server closing) makes it unusable, so it is closed.
 */
final class UpstreamHandler extends ChannelInboundHandlerAdapter {
    private @Nullable Exchange owner;

    /** The connection was closed for idleness: a slow server, not a stale pooled connection. */
    static final class IdleTimeout extends Exception {
        IdleTimeout() {
            super("the upstream sent nothing within the idle timeout", null, false, false);
        }
    }

    void attach(Exchange exchange) {
        owner = exchange;
    }

    void detach() {
        owner = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Exchange o = owner;
        if (o == null || !(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        o.onUpstream(http);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (owner != null) {
            owner.upstreamWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Exchange o = owner;
        owner = null;
        if (o != null) {
            o.upstreamClosed(null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            Exchange o = owner;
            owner = null;
            if (o != null) {
                o.upstreamClosed(new IdleTimeout());
            }
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Exchange o = owner;
        owner = null;
        if (o != null) {
            o.upstreamClosed(cause);
        }
        ctx.close();
    }
}
