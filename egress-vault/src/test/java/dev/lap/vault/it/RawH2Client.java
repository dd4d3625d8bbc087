package dev.lap.vault.it;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2EventAdapter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A hostile HTTP/2 client: CONNECT through the vault, TLS with ALPN {@code h2}, then frames written
 * as they are, with no connection state to keep it honest (streams beyond the server's cap,
 * connection-specific headers, a reset right after every request). It records what came back per
 * stream, and the GOAWAY.
 */
final class RawH2Client implements AutoCloseable {
    /** What one stream got: its header blocks (response head, then trailers), body, reset code. */
    static final class Stream {
        final List<Http2Headers> headers = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        volatile long reset = -1;
        final CompletableFuture<Void> ended = new CompletableFuture<>();

        String status() {
            return headers.isEmpty() ? null : String.valueOf(headers.get(0).status());
        }

        synchronized String bodyText() {
            return body.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    final CompletableFuture<Long> goAway = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final CompletableFuture<ChannelHandlerContext> ready = new CompletableFuture<>();
    private final Channel channel;

    RawH2Client(int vaultPort, String host, Path vaultCa) throws Exception {
        SslContext tls = SslContextBuilder.forClient()
                .trustManager(vaultCa.toFile())
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("connect", new Connect(host, tls));
                    }
                })
                .connect("127.0.0.1", vaultPort)
                .sync()
                .channel();
        channel.closeFuture().addListener(f -> {
            closed.complete(null);
            streams.values().forEach(s -> s.ended.complete(null));
        });
        ready.get(20, TimeUnit.SECONDS);
    }

    /** The request pseudo-headers for {@code path} at {@code authority}, over https. */
    static Http2Headers request(String method, String authority, String path) {
        return new DefaultHttp2Headers(false)
                .method(method)
                .scheme("https")
                .authority(authority)
                .path(path);
    }

    Stream stream(int id) {
        return streams.computeIfAbsent(id, k -> new Stream());
    }

    void headers(int streamId, Http2Headers headers, boolean endStream) throws Exception {
        stream(streamId);
        onLoop(ctx -> writer.writeHeaders(ctx, streamId, headers, 0, endStream, ctx.newPromise()));
    }

    void data(int streamId, String ascii, boolean endStream) throws Exception {
        onLoop(ctx -> writer.writeData(
                ctx,
                streamId,
                Unpooled.copiedBuffer(ascii, StandardCharsets.US_ASCII),
                0,
                endStream,
                ctx.newPromise()));
    }

    void reset(int streamId) throws Exception {
        onLoop(ctx -> writer.writeRstStream(ctx, streamId, 8 /* CANCEL */, ctx.newPromise()));
    }

    private void onLoop(java.util.function.Consumer<ChannelHandlerContext> write) throws Exception {
        ChannelHandlerContext ctx = ready.get();
        ctx.executor()
                .submit(() -> {
                    write.accept(ctx);
                    ctx.flush();
                })
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** CONNECT, then TLS, then frames. */
    private final class Connect extends ChannelInboundHandlerAdapter {
        private final String host;
        private final SslContext tls;
        private final StringBuilder reply = new StringBuilder();

        Connect(String host, SslContext tls) {
            this.host = host;
            this.tls = tls;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(
                    "CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n\r\n", StandardCharsets.US_ASCII));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            reply.append(buf.toString(StandardCharsets.ISO_8859_1));
            buf.release();
            if (reply.indexOf("\r\n\r\n") < 0) {
                return;
            }
            if (!reply.toString().startsWith("HTTP/1.1 200")) {
                ready.completeExceptionally(new AssertionError("CONNECT refused: " + reply));
                return;
            }
            SslHandler ssl = tls.newHandler(ctx.alloc(), host, 443);
            ctx.pipeline().replace(this, "tls", ssl);
            ctx.pipeline().addLast("frames", new Frames());
        }
    }

    private final class Frames extends ByteToMessageDecoder {
        private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(false);

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof SslHandshakeCompletionEvent done) {
                if (!done.isSuccess()) {
                    ready.completeExceptionally(done.cause());
                } else if (!"h2".equals(ctx.pipeline().get(SslHandler.class).applicationProtocol())) {
                    ready.completeExceptionally(new AssertionError("ALPN did not choose h2"));
                } else {
                    ctx.write(Http2CodecUtil.connectionPrefaceBuf());
                    writer.writeSettings(ctx, new Http2Settings(), ctx.newPromise());
                    ctx.flush();
                    ready.complete(ctx);
                }
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
            reader.readFrame(ctx, in, new Http2EventAdapter() {
                @Override
                public void onSettingsRead(ChannelHandlerContext c, Http2Settings settings) {
                    writer.writeSettingsAck(c, c.newPromise());
                    c.flush();
                }

                @Override
                public void onHeadersRead(
                        ChannelHandlerContext c,
                        int streamId,
                        Http2Headers headers,
                        int streamDependency,
                        short weight,
                        boolean exclusive,
                        int padding,
                        boolean endStream) {
                    onHeadersRead(c, streamId, headers, padding, endStream);
                }

                @Override
                public void onHeadersRead(
                        ChannelHandlerContext c, int streamId, Http2Headers headers, int padding, boolean endStream) {
                    Stream s = stream(streamId);
                    s.headers.add(headers);
                    if (endStream) {
                        s.ended.complete(null);
                    }
                }

                @Override
                public int onDataRead(
                        ChannelHandlerContext c, int streamId, ByteBuf data, int padding, boolean endOfStream) {
                    Stream s = stream(streamId);
                    synchronized (s) {
                        s.body.writeBytes(ByteBufUtil.getBytes(data));
                    }
                    int n = data.readableBytes() + padding;
                    if (n > 0) { // an increment of 0 is a protocol error
                        // Give the window back at once: the test reads everything.
                        writer.writeWindowUpdate(c, streamId, n, c.newPromise());
                        writer.writeWindowUpdate(c, 0, n, c.newPromise());
                        c.flush();
                    }
                    if (endOfStream) {
                        s.ended.complete(null);
                    }
                    return n;
                }

                @Override
                public void onRstStreamRead(ChannelHandlerContext c, int streamId, long errorCode) {
                    Stream s = stream(streamId);
                    s.reset = errorCode;
                    s.ended.complete(null);
                }

                @Override
                public void onGoAwayRead(ChannelHandlerContext c, int lastStreamId, long errorCode, ByteBuf debugData) {
                    goAway.complete(errorCode);
                }
            });
        }
    }
}
