package dev.lap.vault.it;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.ssl.SslContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A TLS WebSocket server (Netty's own handshaker and codecs) for the vault's WebSocket and 1xx
 * tests, chosen by path:
 *
 * <ul>
 *   <li>{@code /echo}: echoes text and binary messages;
 *   <li>{@code /hostile}: takes the credential the vault injected into the handshake and sends it
 *       back in a 101 header, a text frame, a binary frame, a text message fragmented across three
 *       frames, its base64 spelling, a ping, and the close frame's reason;
 *   <li>{@code /hostile-eager}: the same, its 101 and frames sent in one flush;
 *   <li>{@code /bad-accept}, {@code /extension}: a 101 with a wrong {@code Sec-WebSocket-Accept},
 *       or one accepting {@code permessage-deflate} the vault did not offer;
 *   <li>{@code /unsolicited-101}: answers a plain GET with 101;
 *   <li>{@code /early-hints}, {@code /processing}, {@code /continue}: a 103 (echoing the
 *       credential in its headers), a 102 or an unasked 100 before a 200.
 * </ul>
 *
 * Every request head it receives is kept, so a test can see what the vault forwarded.
 */
final class WebSocketUpstream implements AutoCloseable {
    /** A request head as the upstream received it. */
    record Seen(String uri, HttpHeaders headers) {}

    final List<Seen> requests = new CopyOnWriteArrayList<>();
    final List<String> framesReceived = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;

    WebSocketUpstream(TestPki pki) throws Exception {
        SslContext tls = pki.nettyServerContext();
        listener = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(tls.newHandler(ch.alloc()))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(64 * 1024))
                                .addLast(new Handshakes());
                    }
                })
                .bind("127.0.0.1", 0)
                .sync()
                .channel();
    }

    int port() {
        return ((java.net.InetSocketAddress) listener.localAddress()).getPort();
    }

    /** Requests received on {@code path}. */
    List<Seen> requestsTo(String path) {
        return requests.stream().filter(r -> r.uri().startsWith(path)).toList();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String secretIn(HttpHeaders h) {
        String auth = h.get(HttpHeaderNames.AUTHORIZATION, "");
        return auth.substring(auth.lastIndexOf(' ') + 1);
    }

    private final class Handshakes extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            requests.add(new Seen(req.uri(), req.headers().copy()));
            String secret = secretIn(req.headers());
            String path = req.uri().split("\\?", 2)[0];
            switch (path) {
                case "/early-hints" -> {
                    var hints = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(103));
                    hints.headers()
                            .add("link", "</style.css?t=" + secret + ">; rel=preload")
                            .add("x-echo", secret);
                    ctx.write(hints);
                    ctx.writeAndFlush(ok("hinted " + secret));
                }
                case "/processing" -> {
                    ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.PROCESSING));
                    ctx.writeAndFlush(ok("processed"));
                }
                case "/continue" -> {
                    ctx.write(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
                    ctx.writeAndFlush(ok("got " + req.content().readableBytes() + " bytes"));
                }
                case "/unsolicited-101" -> {
                    var switched =
                            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
                    switched.headers()
                            .set(HttpHeaderNames.UPGRADE, "websocket")
                            .set(HttpHeaderNames.CONNECTION, "upgrade");
                    ctx.writeAndFlush(switched);
                }
                case "/bad-accept", "/extension" -> {
                    var switched =
                            new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
                    switched.headers()
                            .set(HttpHeaderNames.UPGRADE, "websocket")
                            .set(HttpHeaderNames.CONNECTION, "upgrade")
                            .set(
                                    HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
                                    path.equals("/bad-accept")
                                            ? Base64.getEncoder()
                                                    .encodeToString(secret.getBytes(StandardCharsets.US_ASCII))
                                            : accept(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY)));
                    if (path.equals("/extension")) {
                        switched.headers().set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, "permessage-deflate");
                    }
                    ctx.writeAndFlush(switched);
                }
                case "/echo", "/hostile" -> upgrade(ctx, req, secret, path.equals("/hostile"));
                case "/hostile-eager" -> eager(ctx, req, secret);
                default -> ctx.writeAndFlush(ok("plain " + path));
            }
        }

        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req, String secret, boolean hostile) {
            WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(
                            "wss://ws.example" + req.uri(), null, false)
                    .newHandshaker(req);
            HttpHeaders extra = new DefaultHttpHeaders();
            if (hostile) {
                extra.set("x-echo", secret);
            }
            ctx.pipeline().remove(HttpObjectAggregator.class);
            ctx.pipeline().replace(this, "frames", new Frames(hs, secret, hostile));
            hs.handshake(ctx.channel(), req, extra, ctx.newPromise()).addListener(f -> {
                if (hostile && f.isSuccess()) {
                    sendHostile(ctx.channel(), secret);
                }
            });
        }

        /**
         * The 101 and the hostile frames in one flush, so they reach the vault in one read: the
         * frames arrive while the vault's HTTP decoder still holds the connection.
         */
        private void eager(ChannelHandlerContext ctx, FullHttpRequest req, String secret) {
            var switched = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
            switched.headers()
                    .set(HttpHeaderNames.UPGRADE, "websocket")
                    .set(HttpHeaderNames.CONNECTION, "upgrade")
                    .set(
                            HttpHeaderNames.SEC_WEBSOCKET_ACCEPT,
                            accept(req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_KEY)));
            ctx.write(switched);
            var p = ctx.pipeline();
            p.remove(HttpObjectAggregator.class);
            p.replace(HttpServerCodec.class, "ws-encoder", new WebSocket13FrameEncoder(false));
            p.addBefore("ws-encoder", "ws-decoder", new WebSocket13FrameDecoder(true, false, 65536));
            p.replace(this, "frames", new Frames(null, secret, true));
            sendHostile(ctx.channel(), secret);
        }

        private static DefaultFullHttpResponse ok(String body) {
            var r = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1,
                    HttpResponseStatus.OK,
                    Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII));
            r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
            return r;
        }
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = java.security.MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendHostile(Channel ch, String secret) {
        int third = secret.length() / 3;
        ch.write(new TextWebSocketFrame("text " + secret + " end"));
        ch.write(new BinaryWebSocketFrame(Unpooled.copiedBuffer("\u0000bin " + secret, StandardCharsets.ISO_8859_1)));
        ch.write(new TextWebSocketFrame(false, 0, "fragmented " + secret.substring(0, third)));
        ch.write(new ContinuationWebSocketFrame(false, 0, secret.substring(third, 2 * third)));
        ch.write(new ContinuationWebSocketFrame(true, 0, secret.substring(2 * third) + " done"));
        ch.write(new TextWebSocketFrame(
                "b64 " + Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.US_ASCII))));
        ch.write(new PingWebSocketFrame(Unpooled.copiedBuffer(secret, StandardCharsets.US_ASCII)));
        ch.writeAndFlush(new CloseWebSocketFrame(4000, "bye " + secret));
    }

    /** After the handshake: echo (or, hostile, only answer the close), and keep what arrived. */
    private final class Frames extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final @Nullable WebSocketServerHandshaker hs;
        private final boolean hostile;

        Frames(@Nullable WebSocketServerHandshaker hs, String secret, boolean hostile) {
            this.hs = hs;
            this.hostile = hostile;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case CloseWebSocketFrame close -> {
                    framesReceived.add("close " + close.statusCode());
                    if (hostile || hs == null) {
                        ctx.close(); // it already sent its close; the handshake is complete
                    } else {
                        hs.close(ctx.channel(), close.retain());
                    }
                }
                case TextWebSocketFrame text -> {
                    framesReceived.add("text " + text.text());
                    ctx.writeAndFlush(new TextWebSocketFrame("echo " + text.text()));
                }
                case BinaryWebSocketFrame bin -> {
                    ByteBuf b = bin.content();
                    framesReceived.add("binary " + b.toString(StandardCharsets.ISO_8859_1));
                    ctx.writeAndFlush(new BinaryWebSocketFrame(b.retain()));
                }
                default -> framesReceived.add(frame.getClass().getSimpleName());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
