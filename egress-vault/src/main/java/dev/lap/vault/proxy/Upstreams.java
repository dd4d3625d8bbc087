package dev.lap.vault.proxy;

import dev.lap.vault.Limits;
import dev.lap.vault.tls.UpstreamTls;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Upstream connections: dialed on the client connection's own event loop (so an exchange and its
 * upstream never race), kept alive after a complete exchange and reused by later requests to the
 * same scheme, host and port on that loop.
 *
 * <p>Only the checked addresses the resolver returned are dialed; a pooled connection was checked
 * when it was dialed.
 */
final class Upstreams {
    static final String HANDLER = "upstream";
    private static final AttributeKey<Boolean> USED = AttributeKey.valueOf("lap.upstream.used");

    private record Key(EventLoop loop, String scheme, String host, int port) {}

    private final Map<Key, ArrayDeque<Channel>> idle = new ConcurrentHashMap<>();
    private final SslContext tls;
    private final Limits limits;

    Upstreams(SslContext tls, Limits limits) {
        this.tls = tls;
        this.limits = limits;
    }

    /**
     * A connection ready for a request (TLS handshake done): an idle pooled one when {@code pooled}
     * and one exists, else a new one.
     */
    Future<Channel> acquire(EventLoop loop, Target target, List<InetSocketAddress> addresses, boolean pooled) {
        Promise<Channel> promise = loop.newPromise();
        ArrayDeque<Channel> pool = pooled ? idle.get(key(loop, target)) : null;
        if (pool != null) {
            Channel ch;
            while ((ch = pool.pollLast()) != null) {
                if (ch.isActive()) {
                    return promise.setSuccess(ch);
                }
            }
        }
        dial(loop, target, addresses, 0, promise, null);
        return promise;
    }

    /** Returns a connection after a complete exchange; it is watched for the server closing it. */
    void release(Target target, Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        Key key = key(ch.eventLoop(), target);
        ArrayDeque<Channel> pool = idle.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (ch.attr(USED).getAndSet(Boolean.TRUE) == null) {
            // Once per connection: a kept-alive connection is released after every exchange.
            ch.closeFuture().addListener(f -> ch.eventLoop().execute(() -> pool.remove(ch)));
        }
        pool.addLast(ch);
        ch.read(); // with no owner, any byte or a close makes UpstreamHandler close it
    }

    /** Whether the connection served an earlier exchange (so the server may have closed it meanwhile). */
    static boolean wasUsed(Channel ch) {
        return Boolean.TRUE.equals(ch.attr(USED).get());
    }

    private static Key key(EventLoop loop, Target t) {
        return new Key(loop, t.scheme(), t.host().name(), t.port());
    }

    private void dial(
            EventLoop loop,
            Target target,
            List<InetSocketAddress> addresses,
            int index,
            Promise<Channel> promise,
            Throwable last) {
        if (index >= addresses.size()) {
            promise.setFailure(last != null ? last : new IllegalStateException("no address to dial"));
            return;
        }
        InetSocketAddress address = addresses.get(index);
        var bootstrap = new Bootstrap()
                .group(loop)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                        limits.connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        var p = ch.pipeline();
                        p.addLast(
                                new IdleStateHandler(0, 0, limits.idleTimeout().toSeconds(), TimeUnit.SECONDS));
                        if (target.tls()) {
                            SslHandler ssl = UpstreamTls.newHandler(
                                    tls, ch.alloc(), target.host().name(), target.port());
                            ssl.setHandshakeTimeoutMillis(
                                    limits.handshakeTimeout().toMillis());
                            p.addLast("tls", ssl);
                        }
                        p.addLast(new HttpClientCodec(8192, limits.maxResponseHeaderBytes(), 64 * 1024));
                        p.addLast(HANDLER, new UpstreamHandler());
                    }
                });
        bootstrap.connect(address).addListener(connected -> {
            if (!connected.isSuccess()) {
                dial(loop, target, addresses, index + 1, promise, connected.cause());
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) connected).channel();
            SslHandler ssl = ch.pipeline().get(SslHandler.class);
            if (ssl == null) {
                promise.setSuccess(ch);
                return;
            }
            ssl.handshakeFuture().addListener(hs -> {
                if (hs.isSuccess()) {
                    promise.setSuccess(ch);
                } else {
                    ch.close();
                    promise.setFailure(hs.cause()); // a TLS failure is not retried on another address
                }
            });
            ch.read(); // drive the handshake
        });
    }
}
