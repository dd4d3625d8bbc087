package dev.lap.vault.bench;

import dev.lap.vault.it.TestPki;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLException;

/**
 * The local "api.github.com": Netty over TLS, a fixed small JSON answer. {@code GET /user} answers
 * 200 only with {@code Authorization: Bearer <real token>} (401 otherwise), so every 200 the load
 * generator counts proves the swap happened; any other path answers 200 without credentials (the
 * new-host handshake phase uses it). Counters let the generator check both ends.
 */
final class BenchUpstream implements AutoCloseable {
    private static final byte[] USER = "{\"login\":\"octocat\",\"id\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OTHER = "{\"ok\":true}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENIED = "{\"message\":\"Bad credentials\"}".getBytes(StandardCharsets.US_ASCII);

    final LongAdder realToken = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder other = new LongAdder();
    final AtomicLong connections = new AtomicLong();

    private final EventLoopGroup group;
    private final Channel listener;
    private final String expected;

    BenchUpstream(TestPki pki, String realToken, int threads) throws InterruptedException, SSLException {
        this.expected = "Bearer " + realToken;
        SslContext tls = pki.nettyServerContext();
        this.group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        this.listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.pipeline()
                                .addLast(tls.newHandler(ch.alloc()))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new Handler());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    private final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            HttpResponseStatus status;
            byte[] body;
            if (req.uri().equals("/user")) {
                if (expected.equals(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                    realToken.increment();
                    status = HttpResponseStatus.OK;
                    body = USER;
                } else {
                    rejected.increment();
                    status = HttpResponseStatus.UNAUTHORIZED;
                    body = DENIED;
                }
            } else {
                other.increment();
                status = HttpResponseStatus.OK;
                body = OTHER;
            }
            ByteBuf content = Unpooled.wrappedBuffer(body);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
            res.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (!keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            }
            var written = ctx.writeAndFlush(res);
            if (!keepAlive) {
                written.addListener(io.netty.channel.ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
