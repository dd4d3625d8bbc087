package dev.lap.vault.proxy;

import dev.lap.vault.scrub.ContentCoding;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Streams the upstream response to the client with every real secret replaced by its stub:
 * headers first, then the body through a scrubber chosen by its content coding. An identity body
 * keeps its length (a stub is as long as its secret); a gzip, deflate or br body is decoded,
 * scrubbed and encoded again ({@link ContentCoding}) and therefore re-framed as chunked. A body in
 * a coding the vault cannot read is refused, never passed through unscrubbed.
 */
final class ResponseRelay {
    private final ProxyContext px;
    private final Exchange exchange;
    private final ChannelHandlerContext client;
    private final RequestRecord record;
    private final HttpMethod method;
    private final ResponseCapture capture;
    private BodyTransform scrubber = BodyTransform.NONE;
    private boolean started;
    /** The scrubbed head, held until the first body chunk is scrubbed (see {@link #head}). */
    private @org.jspecify.annotations.Nullable HttpResponse pendingHead;

    private boolean upstreamKeepAlive;
    /** An interim response was read; its empty end comes next and is not the response's. */
    private boolean interimEnd;

    private final HttpVersion clientVersion;
    private int status;

    ResponseRelay(
            ProxyContext px,
            Exchange exchange,
            ChannelHandlerContext client,
            RequestRecord record,
            HttpMethod method,
            HttpVersion clientVersion,
            ResponseCapture capture) {
        this.px = px;
        this.exchange = exchange;
        this.client = client;
        this.record = record;
        this.method = method;
        this.clientVersion = clientVersion;
        this.capture = capture;
    }

    /** The response was abandoned part-way: frees the body scrubber now rather than at GC. */
    void close() {
        scrubber.close();
    }

    /** Whether the upstream's response head arrived (the request cannot be retried any more). */
    boolean started() {
        return started;
    }

    /** Whether any of the response went toward the client; until then a failure can be a 502. */
    boolean sent() {
        return started && pendingHead == null;
    }

    int status() {
        return status;
    }

    void onUpstream(HttpObject msg, Channel upstream) {
        if (interimEnd && msg instanceof LastHttpContent) {
            // The empty end the decoder gives every interim response: the final response follows.
            interimEnd = false;
            ReferenceCountUtil.release(msg);
            upstream.read();
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL) {
                interim(response, upstream);
                return;
            }
            if (!head(response)) {
                ReferenceCountUtil.release(msg);
                return;
            }
        }
        if (msg instanceof HttpContent content) {
            boolean last = content instanceof LastHttpContent;
            HttpContent out = scrub(content, last);
            if (out == null) {
                return;
            }
            HttpResponse head = pendingHead;
            if (head != null) {
                if (!last && !out.content().isReadable()) {
                    // Nothing scrubbed to send yet (a decoder still reading its header): the head
                    // waits too, so a body found corrupt later is still answered with a 502.
                    out.release();
                    upstream.read();
                    return;
                }
                pendingHead = null;
                record.responded(status);
                client.write(head);
            }
            if (last) {
                // Recorded before the last byte leaves, so whoever reads the response can already
                // find its audit event and span.
                scrubber.report(record);
                record.finished(status);
            }
            client.writeAndFlush(out).addListener(f -> {
                if (!f.isSuccess()) {
                    client.close();
                } else if (!last && client.channel().isWritable()) {
                    upstream.read();
                }
            });
            if (last) {
                exchange.responseDone(upstreamKeepAlive);
            }
        } else if (msg instanceof HttpResponse) {
            upstream.read();
        }
    }

    /**
     * An interim (1xx) response. {@code 101} is the exchange's to judge (a WebSocket it asked for,
     * or a 502). {@code 100} is dropped: the vault answered {@code Expect: 100-continue} itself
     * after the decision and did not forward the expectation. Any other ({@code 102}, {@code 103
     * Early Hints}) is relayed to an HTTP/1.1 client with its headers scrubbed like a final
     * response's and the standard reason phrase; an HTTP/1.0 client never gets one (RFC 9110
     * §15.2).
     */
    private void interim(HttpResponse response, Channel upstream) {
        int code = response.status().code();
        if (code == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
            exchange.switchProtocols(response);
            return;
        }
        interimEnd = true;
        if (code == HttpResponseStatus.CONTINUE.code() || !clientVersion.equals(HttpVersion.HTTP_1_1)) {
            upstream.read();
            return;
        }
        var headers = response.headers();
        scrubHeaders(headers, "header");
        ForwardHeaders.removeHopByHop(headers);
        headers.remove(HttpHeaderNames.CONTENT_LENGTH);
        headers.set("x-lap-request-id", exchange.requestId());
        var out = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(code),
                Unpooled.EMPTY_BUFFER,
                headers,
                EmptyHttpHeaders.INSTANCE);
        client.writeAndFlush(out).addListener(f -> {
            if (!f.isSuccess()) {
                client.close();
            } else if (client.channel().isWritable()) {
                upstream.read();
            }
        });
    }

    /** Scrubs and writes the response head; false when the response must be refused instead. */
    private boolean head(HttpResponse response) {
        status = response.status().code();
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        var headers = response.headers();
        String uncapturable = capture.onHead(headers);
        if (uncapturable != null) {
            exchange.unrelayable(uncapturable);
            return false;
        }
        scrubHeaders(headers, "header");
        // The reason phrase is the upstream's free text: the vault sends the standard one.
        response.setStatus(HttpResponseStatus.valueOf(status));
        for (String te : headers.getAll(HttpHeaderNames.TRANSFER_ENCODING)) {
            for (String coding : te.split(",")) {
                if (!coding.isBlank() && !coding.trim().equalsIgnoreCase("chunked")) {
                    // A transfer coding would pass through as if it were the body itself.
                    exchange.unrelayable("the response uses transfer coding '" + coding.trim()
                            + "', which the vault cannot scrub for secrets");
                    return false;
                }
            }
        }
        ForwardHeaders.removeHopByHop(headers);
        boolean bodyless = method.equals(HttpMethod.HEAD)
                || status == 204
                || status == 304
                || (HttpUtil.isContentLengthSet(response) && HttpUtil.getContentLength(response, 0L) == 0);
        if (bodyless) {
            capture.bodyless();
        } else {
            // Every Content-Encoding header counts: a second one would make the client decode
            // bytes the vault scrubbed as if they were plain.
            ContentCoding coding = ContentCoding.of(headers.getAll(HttpHeaderNames.CONTENT_ENCODING));
            switch (coding) {
                case ContentCoding.Identity i ->
                    scrubber = BodyTransform.scrubbing(i, capture.credentials(), client.alloc());
                case ContentCoding.Compressed c -> {
                    scrubber = BodyTransform.scrubbing(c, capture.credentials(), client.alloc());
                    headers.remove(HttpHeaderNames.CONTENT_LENGTH);
                }
                case ContentCoding.Unscrubbable u -> {
                    exchange.unrelayable("the response is encoded as '" + u.contentEncoding()
                            + "', which the vault cannot scrub for secrets");
                    return false;
                }
            }
            if (capture.needsBody()) {
                // Held whole and sent with its own length once captured from (ResponseCapture).
                scrubber.close();
                scrubber = capture.body(coding, headers);
                headers.remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
                headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
            }
        }
        headers.set("x-lap-request-id", exchange.requestId());
        if (!exchange.clientKeepAlive()) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        // Written with the first scrubbed body bytes (the head was never flushed on its own), so
        // a body found unscrubbable before any of it could be sent is still answered with a 502.
        pendingHead = response;
        started = true;
        return true;
    }

    /** Replaces every real secret in {@code headers} (a head or trailers) by its stub, and records it. */
    private void scrubHeaders(io.netty.handler.codec.http.HttpHeaders headers, String where) {
        scrubHeaders(capture.credentials(), record, headers, where);
    }

    /** As below, with the credentials in force for {@code px}. */
    static void scrubHeaders(
            ProxyContext px, RequestRecord record, io.netty.handler.codec.http.HttpHeaders headers, String where) {
        scrubHeaders(px.credentials(), record, headers, where);
    }

    /** Replaces every real secret in {@code headers} by its stub, recording each as a scrub of {@code record}. */
    static void scrubHeaders(
            dev.lap.vault.credentials.Credentials credentials,
            RequestRecord record,
            io.netty.handler.codec.http.HttpHeaders headers,
            String where) {
        credentials
                .scrubResponseHeaders(headers)
                .forEach((id, n) -> credentials
                        .fingerprint(id)
                        .ifPresent(fp -> record.scrubbed(new RequestRecord.ScrubCount(id, fp, n), where)));
    }

    private @org.jspecify.annotations.Nullable HttpContent scrub(HttpContent content, boolean last) {
        try {
            var body = scrubber.apply(content.content(), last);
            if (last) {
                var trailers = ((LastHttpContent) content).trailingHeaders();
                scrubHeaders(trailers, "trailer");
                return new DefaultLastHttpContent(body, trailers);
            }
            return new DefaultHttpContent(body);
        } catch (BodyTransform.UnreadableBody e) {
            String why = "the response body could not be scrubbed: " + e.getMessage();
            if (pendingHead != null) {
                exchange.unrelayable(why); // nothing sent yet (sent() is false): a 502
                pendingHead = null;
            } else {
                record.failed(why);
                client.close();
            }
            return null;
        } finally {
            content.release();
        }
    }
}
