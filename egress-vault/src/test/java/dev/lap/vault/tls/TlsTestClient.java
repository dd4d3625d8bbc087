package dev.lap.vault.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Connects to 127.0.0.1 through a Netty {@link SslHandler} and reports how the handshake ended. */
final class TlsTestClient {
    record Handshake(
            @Nullable String applicationProtocol, @Nullable Throwable failure) {
        boolean succeeded() {
            return failure == null;
        }
    }

    private TlsTestClient() {}

    static Handshake handshake(int port, Function<SocketChannel, SslHandler> tls) throws InterruptedException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            SslHandler[] handler = new SslHandler[1];
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            handler[0] = tls.apply(ch);
                            ch.pipeline().addLast((ChannelHandler) handler[0]);
                        }
                    })
                    .connect("127.0.0.1", port)
                    .sync()
                    .channel();
            Future<Channel> done = handler[0].handshakeFuture();
            if (!done.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("handshake did not finish within 10 s");
            }
            Handshake result = done.isSuccess()
                    ? new Handshake(handler[0].applicationProtocol(), null)
                    : new Handshake(null, done.cause());
            channel.close().sync();
            return result;
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }
}
