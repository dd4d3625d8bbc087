package dev.lap.vault.proxy;

import dev.lap.vault.policy.Decision;
import dev.lap.vault.scrub.ContentCoding;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Header rules for a message crossing the vault: hop-by-hop headers stop here (RFC 9110 §7.6.1),
 * the body is re-framed by the vault, and the policy's header edits apply to forwarded requests.
 */
final class ForwardHeaders {
    private static final List<String> HOP_BY_HOP = List.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade");

    private ForwardHeaders() {}

    /** Prepares the upstream request; {@code original} is the client's request as decoded. */
    static void prepareRequest(HttpRequest out, HttpRequest original, Decision.Allow allow) {
        HttpHeaders h = out.headers();
        boolean hasBody = RequestBody.announced(original);
        removeHopByHop(h);
        h.remove(HttpHeaderNames.EXPECT); // the vault answers 100-continue itself, after the decision
        // Responses are scrubbed, which needs their bytes: offer only codings the vault can decode.
        h.set(
                HttpHeaderNames.ACCEPT_ENCODING,
                ContentCoding.acceptEncoding(original.headers().get(HttpHeaderNames.ACCEPT_ENCODING)));
        if (h.get(HttpHeaderNames.ACCEPT_ENCODING).isEmpty()) {
            h.remove(HttpHeaderNames.ACCEPT_ENCODING);
        }
        for (String name : allow.removeHeaders()) {
            h.remove(name);
        }
        // A header the vault sets replaces every value the client sent for it.
        for (Map.Entry<String, String> e : allow.setHeaders().entrySet()) {
            h.set(e.getKey(), e.getValue());
        }
        if (hasBody && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
    }

    /** Removes hop-by-hop headers, including every header the Connection header names. */
    static void removeHopByHop(HttpHeaders h) {
        List<String> named = new ArrayList<>();
        for (String connection : h.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : connection.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    named.add(t);
                }
            }
        }
        for (String name : HOP_BY_HOP) {
            h.remove(name);
        }
        for (String name : named) {
            h.remove(name);
        }
    }

    /** Whether the message carries a body framed by length or chunks. */
    static boolean framed(HttpMessage m) {
        return HttpUtil.isContentLengthSet(m) || HttpUtil.isTransferEncodingChunked(m);
    }
}
