package dev.lap.vault.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP/2 stream's request frames as the HTTP/1.1 messages the rest of the proxy judges, so a
 * stream goes through exactly the checks, decision, swap and scrubbing a request on an HTTP/1.1
 * connection does ({@link ClientHandler}, {@link TargetCheck}, {@link Exchange}).
 *
 * <p>What HTTP/1.1's strict decoder guarantees about a head, this guarantees about a header block
 * (RFC 9113 §8.2-8.3), because the request may go upstream as HTTP/1.1 where a stray CR or LF
 * would start another header or another request: the four request pseudo-headers and no other,
 * {@code :scheme} {@code https} (the tunnel is TLS), {@code :authority} without user information
 * and, when a {@code host} header is sent too, the same; visible ASCII only in {@code :method} and
 * {@code :path}; no connection-specific header, {@code te} only as {@code trailers}; no control
 * character in a value, no white space around one. {@code :authority} becomes the {@code Host}
 * header, so the tunnel's binding to the CONNECT host is checked by {@link TargetCheck} as for
 * HTTP/1.1 (421 when it differs). {@code cookie} crumbs are joined into one header (§8.2.3).
 *
 * <p>A header block that fails is handed on as a request whose decoder result is a failure, like
 * {@link StrictRequestDecoder}'s, and answered 400 (414 for a {@code :path} over the request line
 * cap) on its stream only: HTTP/2's framing, unlike HTTP/1.1's, is not in doubt after a bad
 * request. A body without {@code content-length} is marked chunked for an HTTP/1.1 upstream;
 * request trailers are dropped, as over HTTP/1.1. Like HTTP/1.1's decoder it hands on a head and
 * then its end ({@link LastHttpContent}), never one message that is both.
 */
final class Http2RequestDecoder extends ChannelInboundHandlerAdapter {
    /** What the policy and the span see for a request that came over HTTP/2; never sent upstream. */
    static final HttpVersion HTTP_2 = new HttpVersion("HTTP/2.0", true);

    private static final Set<String> PSEUDO = Set.of(":method", ":scheme", ":path", ":authority");
    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private final int maxPathBytes;
    private boolean headSeen;
    private boolean ended;

    Http2RequestDecoder(int maxPathBytes) {
        this.maxPathBytes = maxPathBytes;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        switch (msg) {
            case Http2HeadersFrame head
            when !headSeen -> {
                headSeen = true;
                ended = head.isEndStream();
                HttpRequest request = request(head.headers(), head.isEndStream());
                ctx.fireChannelRead(request);
                if (ended && request.decoderResult().isSuccess()) {
                    // The end as a message of its own, as HTTP/1.1's decoder sends it: the
                    // exchange forwards the head and then its end, so the upstream connection's
                    // encoder is ready for the next request (a request that is its own end left
                    // it waiting for content, and the next request on that pooled connection
                    // failed and was retried on a new one).
                    ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
                }
            }
            case Http2HeadersFrame trailers -> {
                if (!ended) {
                    ended = true;
                    ctx.fireChannelRead(LastHttpContent.EMPTY_LAST_CONTENT);
                }
            }
            case Http2DataFrame data -> {
                ByteBuf content = data.content().retain();
                boolean end = data.isEndStream();
                data.release();
                if (ended) {
                    content.release();
                    return;
                }
                ended = end;
                ctx.fireChannelRead(end ? new DefaultLastHttpContent(content) : new DefaultHttpContent(content));
            }
            default -> ReferenceCountUtil.release(msg);
        }
    }

    private HttpRequest request(Http2Headers h2, boolean endStream) {
        CharSequence method = h2.method();
        CharSequence scheme = h2.scheme();
        CharSequence path = h2.path();
        CharSequence authority = h2.authority();
        if (method == null || scheme == null || path == null || authority == null) {
            return invalid("an HTTP/2 request needs :method, :scheme, :path and :authority");
        }
        if (!token(method)) {
            return invalid(":method is not a token");
        }
        if (method.toString().equals("CONNECT")) {
            return invalid("CONNECT inside a tunnel is not supported");
        }
        if (!scheme.toString().equals("https")) {
            return invalid(":scheme must be https inside a TLS tunnel");
        }
        if (path.length() > maxPathBytes) {
            var tooLong = new DefaultFullHttpRequest(HTTP_2, HttpMethod.GET, "/bad-request");
            tooLong.setDecoderResult(DecoderResult.failure(new TooLongHttpLineException(
                    ":path is longer than the vault's cap of " + maxPathBytes + " bytes")));
            return tooLong;
        }
        if (!visibleAscii(path)) {
            return invalid(":path may hold visible ASCII characters only");
        }
        if (!visibleAscii(authority) || authority.toString().indexOf('@') >= 0) {
            return invalid(":authority must be host[:port], without user information");
        }
        HttpHeaders headers = new DefaultHttpHeaders();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<CharSequence, CharSequence> e : h2) {
            String name = e.getKey().toString();
            String value = e.getValue().toString();
            if (name.startsWith(":")) {
                if (!PSEUDO.contains(name)) {
                    return invalid("the pseudo-header " + name + " is not a request pseudo-header");
                }
                continue;
            }
            if (!token(name) || !name.equals(name.toLowerCase(Locale.ROOT))) {
                return invalid("a header name must be a lower-case token");
            }
            if (CONNECTION_SPECIFIC.contains(name) || (name.equals("te") && !value.equals("trailers"))) {
                return invalid("the connection-specific header " + name + " is not allowed in HTTP/2");
            }
            if (!fieldValue(value)) {
                return invalid(
                        "the value of " + name + " holds a control character or starts or ends with white space");
            }
            switch (name) {
                case "cookie" -> cookies.add(value);
                case "host" -> {
                    if (!value.equalsIgnoreCase(authority.toString())) {
                        return invalid("the host header and :authority differ");
                    }
                }
                default -> headers.add(name, value);
            }
        }
        headers.set(HttpHeaderNames.HOST, authority.toString());
        if (!cookies.isEmpty()) {
            headers.set(HttpHeaderNames.COOKIE, String.join("; ", cookies));
        }
        HttpMethod m = HttpMethod.valueOf(method.toString());
        if (!endStream && !headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            // The body's end is the stream's end; an HTTP/1.1 upstream needs framing for it.
            headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return new DefaultHttpRequest(HTTP_2, m, path.toString(), headers);
    }

    private static boolean token(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9'
                    || c >= 'a' && c <= 'z'
                    || c >= 'A' && c <= 'Z'
                    || TOKEN_CHARS.indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean visibleAscii(CharSequence s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9113 §8.2.1, and RFC 9110 §5.5's field-value for the HTTP/1.1 upstream: no CTL but HTAB. */
    private static boolean fieldValue(String v) {
        if (!v.isEmpty() && (isWhite(v.charAt(0)) || isWhite(v.charAt(v.length() - 1)))) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhite(char c) {
        return c == ' ' || c == '\t';
    }

    private static HttpRequest invalid(String why) {
        var request = new DefaultFullHttpRequest(HTTP_2, HttpMethod.GET, "/bad-request");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(why)));
        return request;
    }
}
