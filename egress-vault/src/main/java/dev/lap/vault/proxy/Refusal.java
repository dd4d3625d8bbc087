package dev.lap.vault.proxy;

import dev.lap.vault.credentials.Credentials;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * A request the vault answers itself instead of forwarding: the status, a machine-readable error
 * code, the reason a person can act on, and the rule that refused it. The body is the JSON object
 * the design promises: {@code {error, reason, rule, request_id}}.
 *
 * <p>Reasons are written by the vault or the policy, but may quote an upstream or a library;
 * {@link #toResponse} scrubs them.
 */
record Refusal(HttpResponseStatus status, String error, String reason, String rule) {

    static Refusal badRequest(String reason) {
        return new Refusal(HttpResponseStatus.BAD_REQUEST, "bad_request", reason, "protocol");
    }

    static Refusal misdirected(String reason) {
        return new Refusal(HttpResponseStatus.MISDIRECTED_REQUEST, "misdirected_request", reason, "protocol");
    }

    static Refusal policy(String reason, String rule) {
        return new Refusal(HttpResponseStatus.FORBIDDEN, "forbidden", reason, rule);
    }

    static Refusal destination(String reason) {
        return new Refusal(HttpResponseStatus.FORBIDDEN, "forbidden_destination", reason, "destination");
    }

    static Refusal limit(HttpResponseStatus status, String reason) {
        return new Refusal(status, "limit", reason, "limit");
    }

    static Refusal badGateway(String reason) {
        return new Refusal(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", reason, "upstream");
    }

    /**
     * The upstream side failed (unresolvable, unreachable, TLS, a malformed or late answer): a
     * {@code 502} or {@code 504}. After an allow it is audited as {@code upstream_error}, never
     * as a policy denial.
     */
    boolean upstreamFailure() {
        return status.equals(HttpResponseStatus.BAD_GATEWAY) || status.equals(HttpResponseStatus.GATEWAY_TIMEOUT);
    }

    /**
     * The response, always with {@code Connection: close} when {@code close} is set. This is the
     * only way a refusal reaches the sandbox, and its text passes the credentials' scrubber here:
     * a reason may quote an upstream's or a library's words, which may carry a real secret.
     */
    FullHttpResponse toResponse(ByteBufAllocator alloc, String requestId, boolean close, Credentials credentials) {
        ByteBuf body = alloc.buffer();
        body.writeCharSequence(
                "{\"error\":" + quote(error) + ",\"reason\":" + quote(credentials.scrubText(reason))
                        + ",\"rule\":" + quote(credentials.scrubText(rule))
                        + ",\"request_id\":" + quote(requestId) + "}\n",
                StandardCharsets.UTF_8);
        var response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set("x-lap-request-id", requestId);
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
