package dev.lap.vault.proxy;

import dev.lap.audit.AuditSink;
import dev.lap.vault.Limits;
import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.host.DestinationResolver;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.policy.EgressInput;
import dev.lap.vault.policy.EgressPolicy;
import dev.lap.vault.tls.LeafCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.opentelemetry.api.trace.Tracer;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The listening proxy: one {@link ChannelInitializer} per accepted connection (idle timer, the
 * slow-client deadlines around the strict request decoder, response encoder, {@link ClientHandler}). Reads are driven by the handlers
 * ({@code AUTO_READ} off), so a slow side never makes the vault buffer the fast one.
 */
public final class ProxyServer implements AutoCloseable {
    static final String DECODER = "decoder";
    /** Where a request's head and body end, for the deadlines ({@link ClientDeadlines#requests()}). */
    static final String REQUESTS = "requests";

    static final String CLIENT = "client";

    private final EventLoopGroup group;
    private final boolean ownsGroup;
    private final Channel listener;
    private final ChannelGroup clients;

    private ProxyServer(EventLoopGroup group, boolean ownsGroup, Channel listener, ChannelGroup clients) {
        this.group = group;
        this.ownsGroup = ownsGroup;
        this.listener = listener;
        this.clients = clients;
    }

    /** Everything the proxy needs; the application builds each part. */
    public record Parts(
            Limits limits,
            EgressInput.Session session,
            EgressPolicy policy,
            Supplier<Credentials> credentials,
            LeafCertificates leaves,
            SslContext upstreamTls,
            DestinationResolver resolver,
            Map<HostAndPort, InetSocketAddress> connectTo,
            AuditSink audit,
            Tracer tracer,
            io.opentelemetry.api.metrics.Meter meter,
            Executor blocking) {}

    /** Binds {@code listen} and serves until {@link #close()}; {@code threads} 0 means Netty's default. */
    public static ProxyServer start(InetSocketAddress listen, Parts parts, int threads) throws InterruptedException {
        return start(listen, parts, null, threads);
    }

    /**
     * Binds {@code listen} (a TCP address, or a {@link UnixDomainSocketAddress}) and serves until
     * {@link #close()}. With a {@code shared} NIO group (lap-server runs one vault per session on
     * one group) the proxy's channels run there and closing leaves the group running; without
     * one the proxy owns a group of {@code threads} (0: Netty's default).
     */
    public static ProxyServer start(SocketAddress listen, Parts parts, @Nullable EventLoopGroup shared, int threads)
            throws InterruptedException {
        boolean owns = shared == null;
        EventLoopGroup group =
                shared != null ? shared : new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        boolean unix = listen instanceof UnixDomainSocketAddress;
        Class<? extends ServerChannel> channel =
                unix ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
        var tunnels = new TunnelCounter(
                parts.limits().maxConcurrentTunnels(), parts.limits().maxConnectionsPerClient());
        var px = new ProxyContext(
                parts.limits(),
                parts.session(),
                parts.policy(),
                parts.credentials(),
                parts.leaves(),
                parts.upstreamTls(),
                parts.resolver(),
                parts.connectTo(),
                new Upstreams(parts.upstreamTls(), parts.limits()),
                parts.audit(),
                parts.tracer(),
                tunnels,
                new VaultMetrics(parts.meter(), tunnels::open),
                parts.blocking());
        ChannelGroup clients = new DefaultChannelGroup("lap-vault-clients", GlobalEventExecutor.INSTANCE);
        try {
            var bootstrap = new ServerBootstrap()
                    .group(group)
                    .channel(channel)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.AUTO_READ, false);
            if (!unix) {
                bootstrap.childOption(ChannelOption.TCP_NODELAY, true);
            }
            Channel listener = bootstrap
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            clients.add(ch);
                            var deadlines = new ClientDeadlines(px.limits());
                            ch.pipeline()
                                    .addLast(
                                            "idle",
                                            new IdleStateHandler(
                                                    0,
                                                    0,
                                                    px.limits().idleTimeout().toMillis(),
                                                    TimeUnit.MILLISECONDS))
                                    .addLast("deadlines", deadlines.bytes())
                                    .addLast(DECODER, newDecoder(px.limits()))
                                    .addLast(REQUESTS, deadlines.requests())
                                    .addLast("encoder", new HttpResponseEncoder())
                                    .addLast(CLIENT, new ClientHandler(px));
                        }
                    })
                    .bind(listen)
                    .sync()
                    .channel();
            return new ProxyServer(group, owns, listener, clients);
        } catch (InterruptedException | RuntimeException e) {
            if (owns) {
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            }
            throw e;
        }
    }

    static StrictRequestDecoder newDecoder(Limits limits) {
        return new StrictRequestDecoder(limits.maxInitialLineBytes(), limits.maxHeaderBytes());
    }

    /** The bound address (useful when listening on port 0). */
    public InetSocketAddress address() {
        if (!(listener.localAddress() instanceof InetSocketAddress a)) {
            throw new IllegalStateException("this proxy listens on a Unix socket: " + listener.localAddress());
        }
        return a;
    }

    /** The bound address, TCP or Unix socket. */
    public SocketAddress socketAddress() {
        return listener.localAddress();
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops accepting, lets every exchange in flight finish its response for up to {@code drain}
     * (a connection between exchanges closes at once, one in an exchange right after it), then
     * closes whatever is left.
     */
    public void close(Duration drain) {
        listener.close().syncUninterruptibly();
        if (!drain.isZero()) {
            clients.forEach(ch -> ch.pipeline().fireUserEventTriggered(ClientHandler.Drain.INSTANCE));
            long deadline = System.nanoTime() + drain.toNanos();
            while (!clients.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        clients.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Connections open now (each sandbox connection, tunnel or not). */
    public int openConnections() {
        return clients.size();
    }
}
