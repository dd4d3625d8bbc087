package dev.lap.vault.proxy;

import dev.lap.vault.credentials.FoundStub;
import dev.lap.vault.credentials.Swap;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.host.Resolution;
import dev.lap.vault.policy.Decision;
import dev.lap.vault.websocket.WebSocketUpgrade;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request and its response: decide, resolve, dial, swap, forward, and relay the scrubbed
 * response. Everything runs on the client connection's event loop.
 *
 * <p>Flow control is read-after-write: the client is read again only when the upstream can take
 * more, and the upstream only when the client has taken the last chunk, so a body of any size
 * passes through in bounded memory.
 */
final class Exchange {
    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final ProxyContext px;
    private final ChannelHandlerContext client;
    private final ClientHandler owner;
    private final Target target;
    private final @Nullable String sni;
    private final String requestId;
    private final HttpRequest request;
    private final RequestRecord record;

    private final ArrayDeque<HttpContent> early = new ArrayDeque<>();
    private boolean requestComplete;
    private boolean discarding;
    private long bodyBytes;
    private @Nullable Channel upstream;
    private @Nullable RequestBody body;
    private @Nullable ResponseRelay relay;
    private boolean finished;
    /** Read before any header is edited: forwarding strips the client's Connection header. */
    private final boolean clientKeepAlive;

    private Decision.@Nullable Allow allowed;
    /** Set when the request is a WebSocket opening handshake. */
    private WebSocketUpgrade.@Nullable WebSocket webSocket;

    private Resolution.@Nullable Dial destination;
    private boolean reusedConnection;
    private boolean retried;
    /** After a framing error nothing more can be read from the client: its connection must end. */
    private boolean mustClose;

    Exchange(
            ProxyContext px,
            ChannelHandlerContext client,
            ClientHandler owner,
            Target target,
            @Nullable String sni,
            String requestId,
            HttpRequest request) {
        // One credentials snapshot for the whole exchange: a rotation mid-request must not judge
        // with one set and swap or scrub with another.
        this.px = px.pinned();
        this.client = client;
        this.owner = owner;
        this.target = target;
        this.sni = sni;
        this.requestId = requestId;
        this.request = request;
        this.record = new RequestRecord(this.px, requestId, target, request);
        this.requestComplete = request instanceof LastHttpContent;
        this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    }

    boolean requestComplete() {
        return requestComplete;
    }

    void start() {
        HttpMethod method = request.method();
        if (method.name().equals("TRACE") || method.name().equals("TRACK")) {
            refuse(new Refusal(
                    HttpResponseStatus.METHOD_NOT_ALLOWED,
                    "method_not_allowed",
                    method.name() + " is refused: it would echo credentials back to the sandbox",
                    "protocol"));
            return;
        }
        if (HttpUtil.isContentLengthSet(request)
                && HttpUtil.getContentLength(request, 0L) > px.limits().maxRequestBodyBytes()) {
            refuseLimit(
                    HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "the request body is larger than the vault's cap of "
                            + px.limits().maxRequestBodyBytes() + " bytes");
            return;
        }
        WebSocketUpgrade upgrade = WebSocketUpgrade.of(request, RequestBody.announced(request));
        switch (upgrade) {
            case WebSocketUpgrade.Refused r -> {
                refuse(Refusal.badRequest(r.reason()));
                return;
            }
            case WebSocketUpgrade.WebSocket ws -> webSocket = ws;
            case WebSocketUpgrade.None none -> {}
        }
        List<FoundStub> found = px.credentials().find(request.headers(), RequestTarget.rawQuery(request.uri()));
        long evalStart = System.nanoTime();
        Decision decision = px.policy().decide(PolicyInput.of(px, target, sni, request, found, upgrade.policyValue()));
        px.metrics().decided(System.nanoTime() - evalStart);
        record.decided(decision, found);
        switch (decision) {
            case Decision.Refuse r -> refuse(Refusal.policy(r.reason(), r.rule()));
            case Decision.Allow a -> {
                if (!a.allowEncodedSlashes() && RequestPath.hasEncodedSlash(RequestTarget.path(request.uri()))) {
                    refuse(Refusal.badRequest(RequestPath.ENCODED_SLASH_REFUSED));
                } else {
                    resolve(a);
                }
            }
        }
    }

    private void resolve(Decision.Allow allow) {
        var pinned = px.connectTo().get(new HostAndPort(target.host(), target.port()));
        var resolution = pinned != null
                ? java.util.concurrent.CompletableFuture.<Resolution>completedFuture(
                        new Resolution.Dial(List.of(pinned), true))
                : px.resolver().resolve(target.host(), target.port());
        resolution.whenComplete((outcome, error) -> client.executor().execute(() -> {
            if (finished) {
                return;
            }
            switch (error != null ? new Resolution.Unresolvable(error.toString()) : outcome) {
                case Resolution.Refused r ->
                    refuse(Refusal.destination(
                            "the destination " + target.host().name() + " is a "
                                    + r.reason().code() + " address (" + r.detail() + "); the vault refuses it"));
                case Resolution.Unresolvable u ->
                    refuse(new Refusal(
                            HttpResponseStatus.BAD_GATEWAY,
                            "unresolvable",
                            "cannot resolve " + target.host().name() + ": " + u.detail(),
                            "destination"));
                case Resolution.Dial d -> dial(allow, d);
            }
        }));
    }

    private void dial(Decision.Allow allow, Resolution.Dial destination) {
        record.dialed(destination);
        this.allowed = allow;
        this.destination = destination;
        px.upstreams()
                .acquire(client.channel().eventLoop(), target, destination.addresses(), !retried)
                .addListener(f -> {
                    if (finished) {
                        if (f.isSuccess()) {
                            ((Channel) f.getNow()).close();
                        }
                        return;
                    }
                    if (!f.isSuccess()) {
                        String reason = "cannot reach " + target.host().uriHost() + ":" + target.port() + ": "
                                + f.cause().getMessage();
                        // An operator's first clue to an untrusted or unreachable upstream; scrubbed
                        // like every text the vault emits.
                        LOG.warn("request {}: {}", requestId, px.credentials().scrubText(reason));
                        refuse(Refusal.badGateway(reason));
                        return;
                    }
                    forward(allow, (Channel) f.getNow());
                });
    }

    private void forward(Decision.Allow allow, Channel ch) {
        upstream = ch;
        reusedConnection = Upstreams.wasUsed(ch);
        ch.pipeline().get(UpstreamHandler.class).attach(this);
        try {
            // Real secrets never travel in clear text, whatever the policy injects.
            Set<String> inject = target.tls() ? allow.inject() : Set.of();
            String rawQuery = RequestTarget.rawQuery(request.uri());
            var swapped = px.credentials()
                    .swap(request.headers(), rawQuery, target.host().name(), inject);
            for (Swap s : swapped.swaps()) {
                record.swapped(s);
            }
            HttpRequest out = new DefaultHttpRequest(
                    // A stream of an HTTP/2 client goes upstream as HTTP/1.1.
                    request.protocolVersion() == Http2RequestDecoder.HTTP_2
                            ? io.netty.handler.codec.http.HttpVersion.HTTP_1_1
                            : request.protocolVersion(),
                    request.method(),
                    RequestTarget.originForm(request.uri(), swapped.rawQuery() == null ? "" : swapped.rawQuery()),
                    request.headers());
            boolean expectContinue = HttpUtil.is100ContinueExpected(request);
            ForwardHeaders.prepareRequest(out, request, allow);
            if (webSocket != null) {
                webSocket.prepareForward(out.headers());
            }
            body = RequestBody.create(px.credentials(), target.host().name(), inject, record, client.alloc(), out);
            relay = new ResponseRelay(
                    px,
                    this,
                    client,
                    record,
                    request.method(),
                    request.protocolVersion(),
                    new ResponseCapture(px, record, target.host().name(), allow.capture()));
            write(out);
            if (expectContinue && !retried) {
                client.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(
                        request.protocolVersion(), HttpResponseStatus.CONTINUE));
            }
            if (retried) {
                // The client's body (none: only bodiless requests are retried) was consumed by
                // the first attempt; the message on this connection still needs its end.
                write(LastHttpContent.EMPTY_LAST_CONTENT);
            }
            HttpContent c;
            while ((c = early.poll()) != null) {
                writeBody(c);
            }
        } catch (RuntimeException e) {
            // A decision whose header edits Netty refuses, or a bug: never a hung exchange.
            refuse(Refusal.badGateway("the request could not be forwarded: " + e.getMessage()));
            return;
        }
        ch.flush();
        ch.read();
        if (!requestComplete && ch.isWritable()) {
            client.read();
        }
    }

    /** Writes toward the upstream; a failed write ends the exchange rather than desynchronising it. */
    private void write(Object message) {
        Channel ch = upstream;
        if (ch == null) {
            ReferenceCountUtil.release(message);
            return;
        }
        ch.write(message).addListener(f -> {
            if (!f.isSuccess() && upstream == ch) {
                upstreamClosed(f.cause());
            }
        });
    }

    void onClientContent(HttpContent content) {
        if (content.decoderResult().isFailure()) {
            // A chunk the decoder could not read: the request is not what the client framed, so
            // none of it may be completed upstream.
            String why =
                    "malformed request body: " + content.decoderResult().cause().getMessage();
            content.release();
            requestComplete = true;
            mustClose = true;
            if (upstream == null && (relay == null || !relay.started())) {
                refuse(Refusal.badRequest(why));
            } else {
                record.failed(why);
                abort();
            }
            return;
        }
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        bodyBytes += content.content().readableBytes();
        if (discarding) {
            content.release();
            return;
        }
        if (bodyBytes > px.limits().maxRequestBodyBytes()) {
            content.release();
            if (upstream == null) {
                refuseLimit(
                        HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "the request body is larger than the vault's cap");
            } else {
                record.limit("max_request_body_bytes");
                abort();
            }
            return;
        }
        if (upstream == null) {
            early.add(content);
            return;
        }
        writeBody(content);
        upstream.flush();
        if (!requestComplete && upstream.isWritable()) {
            client.read();
        }
    }

    private void writeBody(HttpContent content) {
        try {
            write(body.transform(content));
        } catch (BodyTransform.UnreadableBody e) {
            record.failed("the request body could not be processed: " + e.getMessage());
            abort();
        }
    }

    void upstreamWritabilityChanged() {
        if (upstream != null && upstream.isWritable() && !requestComplete) {
            client.read();
        }
    }

    void clientWritabilityChanged() {
        if (relay != null && client.channel().isWritable() && upstream != null) {
            upstream.read();
        }
    }

    void onUpstream(HttpObject msg) {
        if (finished || relay == null) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg.decoderResult().isFailure()) {
            // A response the vault cannot frame exactly (an oversized head, bad chunking) could
            // desynchronise the client's connection; it is never relayed.
            ReferenceCountUtil.release(msg);
            Throwable cause = msg.decoderResult().cause();
            // The decoder's message quotes the offending bytes, which the upstream chose (an echoed
            // token in a bad header): the reason names the fault, never those bytes.
            unrelayable("the upstream's response is malformed: " + malformed(cause));
            return;
        }
        relay.onUpstream(msg, upstream);
    }

    private static String malformed(Throwable cause) {
        return switch (cause) {
            case io.netty.handler.codec.http.TooLongHttpLineException e ->
                "its status line is longer than the vault's cap";
            case io.netty.handler.codec.http.TooLongHttpHeaderException e -> "its head is larger than the vault's cap";
            case io.netty.handler.codec.TooLongFrameException e -> "a part of it is larger than the vault's cap";
            default ->
                "its status line, a header or its framing is invalid ("
                        + cause.getClass().getSimpleName() + ")";
        };
    }

    /**
     * The upstream answered {@code 101}. Only a WebSocket this request asked for, completed as RFC
     * 6455 requires, switches both connections to frames ({@link WebSocketSwitch}); anything else
     * is a 502 and the upstream connection is dropped.
     */
    void switchProtocols(HttpResponse response) {
        WebSocketUpgrade.WebSocket ws = webSocket;
        Channel ch = upstream;
        String fault = ws == null
                ? "the upstream switched protocols (101) though the request asked for no upgrade"
                : ws.fault(response);
        if (ws == null || ch == null || fault != null) {
            unrelayable(fault == null ? "the upstream connection is gone" : fault);
            return;
        }
        finished = true;
        upstream = null;
        WebSocketSwitch.start(owner, client, ch, response, record, requestId);
    }

    /** Called by the relay once the last response byte was written to the client. */
    void responseDone(boolean upstreamReusable) {
        finished = true;
        Channel ch = upstream;
        upstream = null;
        if (ch != null) {
            ch.pipeline().get(UpstreamHandler.class).detach();
            if (upstreamReusable && requestComplete) {
                px.upstreams().release(target, ch);
            } else {
                ch.close();
            }
        }
        record.finished(relay == null ? 0 : relay.status());
        owner.exchangeDone(client, clientKeepAlive && requestComplete);
    }

    void upstreamClosed(@Nullable Throwable cause) {
        if (finished) {
            return;
        }
        upstream = null;
        if (relay != null && relay.started()) {
            record.failed("upstream closed mid-response" + (cause == null ? "" : ": " + cause.getMessage()));
            abort();
        } else if (retryable(cause)) {
            // A kept-alive connection the server closed just as it was reused: the request never
            // reached it, so it is sent once more on a fresh connection (RFC 9112 §9.3.1).
            retried = true;
            relay = null;
            dial(allowed, destination);
        } else {
            refuse(Refusal.badGateway(
                    "the upstream closed the connection" + (cause == null ? "" : ": " + cause.getMessage())));
        }
    }

    private boolean retryable(@Nullable Throwable cause) {
        HttpMethod m = request.method();
        return reusedConnection
                && !(cause instanceof UpstreamHandler.IdleTimeout)
                && (m.equals(HttpMethod.GET) || m.equals(HttpMethod.HEAD) || m.equals(HttpMethod.OPTIONS))
                && !retried
                && allowed != null
                && destination != null
                && !ForwardHeaders.framed(request)
                && bodyBytes == 0;
    }

    /** The client sent its body too slowly ({@link ClientDeadlines}): 408 if no response began, else cut off. */
    void clientTooSlow(String limit, String reason) {
        if (finished) {
            client.close();
            return;
        }
        mustClose = true;
        record.limit(limit);
        if (relay == null || !relay.started()) {
            refuse(Refusal.limit(HttpResponseStatus.REQUEST_TIMEOUT, reason));
        } else {
            record.failed(reason);
            abort();
        }
    }

    void clientClosed() {
        if (!finished) {
            record.failed("the client closed the connection");
            abort();
        }
    }

    /** The response cannot be relayed as it is; refused if nothing was sent yet, else the connection ends. */
    void unrelayable(String reason) {
        if (relay != null && relay.sent()) {
            record.failed(reason);
            abort();
        } else {
            refuse(Refusal.badGateway(reason));
        }
    }

    private void refuseLimit(HttpResponseStatus status, String reason) {
        record.limit(reason);
        refuse(Refusal.limit(status, reason));
    }

    /** Answers with a refusal; the connection stays open only if the request had no body left. */
    private void refuse(Refusal refusal) {
        if (finished) {
            return;
        }
        if (relay != null) {
            relay.close(); // a refused response may have opened a body codec (native memory)
        }
        finished = true;
        discarding = true;
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
        record.refused(refusal);
        boolean keepAlive = requestComplete && clientKeepAlive && !mustClose;
        client.writeAndFlush(refusal.toResponse(client.alloc(), requestId, !keepAlive, px.credentials()))
                .addListener(f -> {
                    if (keepAlive && f.isSuccess()) {
                        owner.exchangeDone(client, true);
                    } else {
                        client.close();
                    }
                });
    }

    private void abort() {
        if (relay != null) {
            relay.close();
        }
        finished = true;
        discarding = true;
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        if (upstream != null) {
            upstream.close();
            upstream = null;
        }
        record.finished(relay == null ? 0 : relay.status());
        client.close();
    }

    boolean clientKeepAlive() {
        return clientKeepAlive;
    }

    String requestId() {
        return requestId;
    }
}
