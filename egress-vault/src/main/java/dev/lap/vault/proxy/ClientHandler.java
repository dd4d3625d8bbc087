package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.host.ParseResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.ssl.SniCompletionEvent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.ssl.SslHandshakeTimeoutException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One sandbox connection to the vault. Before a tunnel it accepts {@code CONNECT} or an
 * absolute-form {@code http://} request; inside a tunnel, origin-form requests for the tunnel's
 * host. Requests are handled one at a time: reading is paused while an exchange is in flight and
 * resumed when its response is complete, so pipelined requests wait in order.
 */
final class ClientHandler extends ChannelInboundHandlerAdapter {
    private final ProxyContext px;
    private @Nullable Tunnel tunnel;
    private @Nullable Exchange current;
    private final ArrayDeque<HttpObject> backlog = new ArrayDeque<>();
    private boolean closing;
    /** The vault is stopping: finish the exchange in flight, then close instead of keeping alive. */
    private boolean draining;

    /** Fired by {@link ProxyServer#close(java.time.Duration)} at every connection when the vault stops. */
    enum Drain {
        INSTANCE
    }
    /** One HTTP/2 stream of a tunnel ({@link Http2Switch}): not a connection of its own. */
    private final boolean stream;

    /** The target of a CONNECT tunnel and the SNI the client sent in it (null if none). */
    record Tunnel(CanonicalHost host, int port, @Nullable String sni) {}

    ClientHandler(ProxyContext px) {
        this.px = px;
        this.stream = false;
    }

    /** The handler of one HTTP/2 stream inside {@code tunnel}; the connection was counted already. */
    ClientHandler(ProxyContext px, Tunnel tunnel) {
        this.px = px;
        this.tunnel = tunnel;
        this.stream = true;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (stream) {
            ctx.read();
            return;
        }
        String client = ctx.channel().remoteAddress() instanceof InetSocketAddress a
                ? a.getAddress().getHostAddress()
                : String.valueOf(ctx.channel().remoteAddress());
        switch (px.tunnels().tryOpen(client)) {
            case OPEN -> {
                ctx.channel().closeFuture().addListener(f -> px.tunnels().closed(client));
                ctx.read();
            }
            case OVER_TOTAL -> {
                px.audit()
                        .record(limitEvent(
                                "max_concurrent_tunnels", (long) px.limits().maxConcurrentTunnels(), null));
                ctx.close(); // nothing has been read, so there is no request to answer
            }
            case OVER_CLIENT -> {
                px.audit()
                        .record(limitEvent(
                                "max_connections_per_client", (long) px.limits().maxConnectionsPerClient(), null));
                ctx.close();
            }
        }
    }

    /** A {@code limit} event for the connection, before or between requests. */
    private AuditEvent.Limit limitEvent(String limit, @Nullable Long max, @Nullable String requestId) {
        var request = tunnel == null
                ? new AuditEvent.Request(requestId, null, null, null, 0, null)
                : new AuditEvent.Request(requestId, null, null, tunnel.host().name(), tunnel.port(), null);
        return new AuditEvent.Limit(AuditEvent.Actor.NONE, request, limit, max);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof ByteBuf stray) {
            // Bytes the request decoder handed over when it was removed after CONNECT: the client
            // sent data before the vault answered, so the tunnel's first bytes cannot be trusted.
            stray.release();
            ctx.close();
            return;
        }
        if (!(msg instanceof HttpObject http)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (current != null && current.requestComplete()) {
            backlog.add(http); // pipelined: waits for the exchange in flight
            return;
        }
        dispatch(ctx, http);
    }

    private void dispatch(ChannelHandlerContext ctx, HttpObject http) {
        if (closing) {
            ReferenceCountUtil.release(http);
            return;
        }
        if (http instanceof HttpRequest request) {
            onRequest(ctx, request);
        } else if (http instanceof HttpContent content) {
            if (current != null) {
                current.onClientContent(content);
            } else {
                content.release();
            }
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        String requestId = RequestIds.next();
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpLineException
                    ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : cause instanceof TooLongHttpHeaderException
                            ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                            : HttpResponseStatus.BAD_REQUEST;
            String reason = "malformed request: " + cause.getMessage();
            Refusal refusal =
                    cause instanceof TooLongFrameException ? Refusal.limit(status, reason) : Refusal.badRequest(reason);
            refuseAndClose(ctx, requestId, refusal, request);
            return;
        }
        if (request.method().equals(HttpMethod.CONNECT)) {
            if (tunnel != null) {
                refuseAndClose(ctx, requestId, Refusal.badRequest("CONNECT inside a tunnel is not supported"), request);
            } else {
                connect(ctx, requestId, request);
            }
            return;
        }
        if (!px.audit().accepting()) {
            // audit.on-failure: refuse. Acting on a request nobody can record is what the audit
            // log exists to prevent; the sink counts the refusal it could not keep.
            refuseAndClose(
                    ctx,
                    requestId,
                    new Refusal(
                            HttpResponseStatus.SERVICE_UNAVAILABLE,
                            "audit_unavailable",
                            "the audit log cannot record requests right now (its database and its spool"
                                    + " both fail), so the vault refuses to act unrecorded; try again later",
                            "audit"),
                    request);
            return;
        }
        Refusal repeated = SingleValuedHeaders.check(request.headers());
        if (repeated != null) {
            refuseAndClose(ctx, requestId, repeated, request);
            return;
        }
        Tunnel t = tunnel;
        var checked =
                t != null ? TargetCheck.inTunnel(request, t.host(), t.port(), t.sni()) : TargetCheck.absolute(request);
        Target target;
        switch (checked) {
            case TargetCheck.Outcome.Refused r -> {
                refuseAndClose(ctx, requestId, r.refusal(), request);
                return;
            }
            case TargetCheck.Outcome.Ok ok -> target = ok.target();
        }
        // What the policy judges is what goes upstream: the path is normalised here, once, and the
        // request carries the normalised target from now on (policy input, audit, span, upstream).
        switch (RequestPath.normalize(RequestTarget.path(request.uri()))) {
            case RequestPath.Outcome.Invalid bad -> {
                refuseAndClose(ctx, requestId, Refusal.badRequest(bad.reason()), request);
                return;
            }
            case RequestPath.Outcome.Ok ok ->
                request.setUri(RequestTarget.of(ok.path(), RequestTarget.rawQuery(request.uri())));
        }
        if (MethodOverride.ambiguous(request.headers())) {
            refuseAndClose(
                    ctx,
                    requestId,
                    Refusal.badRequest("the method override headers (" + String.join(", ", MethodOverride.HEADERS)
                            + ") name different methods; send at most one method"),
                    request);
            return;
        }
        // The SNI matched the CONNECT host (TargetCheck), so the policy sees it in canonical form.
        String sni = t == null || t.sni() == null ? null : t.host().name();
        current = new Exchange(px, ctx, this, target, sni, requestId, request);
        current.start();
    }

    private void connect(ChannelHandlerContext ctx, String requestId, HttpRequest request) {
        if (!request.uri().matches(".*:[0-9]+")) {
            refuseAndClose(ctx, requestId, Refusal.badRequest("CONNECT needs a host:port target"), request);
            return;
        }
        switch (HostAndPort.parse(request.uri(), 443)) {
            case ParseResult.Invalid<HostAndPort> bad ->
                refuseAndClose(ctx, requestId, Refusal.badRequest("bad CONNECT target: " + bad.reason()), request);
            case ParseResult.Ok<HostAndPort> ok -> {
                CanonicalHost host = ok.value().host();
                int port = ok.value().port();
                TunnelSwitch.open(ctx, px, host, port, sni -> tunnel = new Tunnel(host, port, sni));
            }
        }
    }

    /** Answers a request the vault refused before any exchange began, and closes the connection. */
    void refuseAndClose(ChannelHandlerContext ctx, String requestId, Refusal refusal, HttpRequest request) {
        px.metrics().refused(refusal.rule());
        closing = true;
        var refused = new AuditEvent.Request(
                requestId,
                null,
                request.method().name(),
                null,
                0,
                px.credentials().redact(RequestTarget.path(request.uri())));
        if (refusal.rule().equals("limit")) {
            px.audit().record(new AuditEvent.Limit(AuditEvent.Actor.NONE, refused, refusal.reason(), null));
        }
        px.audit()
                .record(new AuditEvent.Decision(
                        AuditEvent.Actor.NONE,
                        refused,
                        AuditEvent.Verdict.DENY,
                        refusal.rule(),
                        null,
                        refusal.reason(),
                        refusal.status().code(),
                        null,
                        List.of(),
                        List.of(),
                        null,
                        null));
        ctx.writeAndFlush(refusal.toResponse(ctx.alloc(), requestId, true, px.credentials()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /**
     * The exchange became a WebSocket: this handler leaves the connection to the frame relay that
     * replaces it. False when the client already sent more after its handshake (it must wait for
     * the {@code 101}, RFC 6455 §4.1), which cannot be trusted to be frames: the connection ends.
     */
    boolean handOver() {
        current = null;
        boolean clean = !closing && backlog.isEmpty();
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
        closing = true;
        return clean;
    }

    /** The vault's context with the credentials in force now (not an exchange's pinned snapshot). */
    ProxyContext context() {
        return px;
    }

    /** Called by the exchange when its response is complete. */
    void exchangeDone(ChannelHandlerContext ctx, boolean keepAlive) {
        current = null;
        if (!keepAlive || draining) {
            closing = true;
            ctx.close();
            return;
        }
        while (!closing && (current == null || !current.requestComplete())) {
            HttpObject next = backlog.poll();
            if (next == null) {
                break;
            }
            dispatch(ctx, next);
        }
        if (current == null || !current.requestComplete()) {
            ctx.read();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        switch (evt) {
            case IdleStateEvent idle -> {
                closing = true;
                ctx.close();
            }
            case ClientDeadlines.Expired expired -> tooSlow(ctx, expired);
            case Drain drain -> {
                draining = true;
                if (current == null) {
                    closing = true;
                    ctx.close();
                }
            }
            // The SNI handler reports a client that never sent its ClientHello; the SSL handler one
            // that stopped mid-handshake or failed it.
            case SniCompletionEvent sni when !sni.isSuccess() -> handshakeFailed(ctx, sni.cause());
            case SslHandshakeCompletionEvent done when !done.isSuccess() -> handshakeFailed(ctx, done.cause());
            default -> {}
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void handshakeFailed(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof SslHandshakeTimeoutException) {
            px.audit()
                    .record(limitEvent(
                            "tls_handshake_timeout",
                            px.limits().handshakeTimeout().toMillis(),
                            null));
        } else {
            px.audit()
                    .record(new AuditEvent.Decision(
                            AuditEvent.Actor.NONE,
                            tunnel == null
                                    ? AuditEvent.Request.NONE
                                    : new AuditEvent.Request(
                                            null, null, null, tunnel.host().name(), tunnel.port(), null),
                            AuditEvent.Verdict.DENY,
                            "tls",
                            null,
                            clientHandshakeReason(cause),
                            0,
                            null,
                            List.of(),
                            List.of(),
                            null,
                            null));
        }
        closing = true;
        ctx.close();
    }

    /**
     * Why a sandbox's handshake failed, in an operator's words. The commonest cause by far is a
     * client that was not given the vault's CA: it answers the minted leaf with a fatal alert
     * ({@code unknown_ca} from OpenSSL and GnuTLS, {@code certificate_unknown} from Java, {@code
     * bad_certificate} from others), which the JDK reports, somewhere in the cause chain, as an
     * alert received.
     */
    static String clientHandshakeReason(Throwable cause) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = cause; t != null && chain.length() < 4096; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        String message = String.valueOf(cause.getMessage());
        for (String alert : List.of("unknown_ca", "certificate_unknown", "bad_certificate")) {
            // "Received fatal alert: unknown_ca", or "Unexpected plaintext alert received: Level:
            // fatal; Alert: unknown_ca" when the alert comes before the handshake's keys.
            if (chain.indexOf("fatal alert: " + alert) >= 0 || chain.indexOf("Alert: " + alert) >= 0) {
                return "the client does not trust the vault's CA (it sent the TLS alert " + alert
                        + "); give the sandbox the vault's ca-bundle.pem through SSL_CERT_FILE and the other CA"
                        + " variables (docs/vault.md, What a sandbox needs)";
            }
        }
        return "the client's TLS handshake failed: " + message;
    }

    /**
     * A deadline of {@link ClientDeadlines} passed. A body too slow ends its exchange (408 if no
     * response began); a head too slow is answered 408 unless a response is still being written on
     * this connection, where another message would corrupt it.
     */
    private void tooSlow(ChannelHandlerContext ctx, ClientDeadlines.Expired expired) {
        if (closing) {
            return;
        }
        if (current != null && expired.inBody()) {
            current.clientTooSlow(expired.limit(), expired.reason());
            closing = true;
            return;
        }
        closing = true;
        String requestId = RequestIds.next();
        px.audit().record(limitEvent(expired.limit(), null, requestId));
        if (current != null) {
            ctx.close();
            return;
        }
        Refusal refusal = Refusal.limit(HttpResponseStatus.REQUEST_TIMEOUT, expired.reason());
        ctx.writeAndFlush(refusal.toResponse(ctx.alloc(), requestId, true, px.credentials()))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientWritabilityChanged();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (current != null) {
            current.clientClosed();
        }
        backlog.forEach(ReferenceCountUtil::release);
        backlog.clear();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        closing = true;
        ctx.close();
    }
}
