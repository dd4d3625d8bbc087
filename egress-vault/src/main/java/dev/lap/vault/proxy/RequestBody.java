package dev.lap.vault.proxy;

import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.scrub.ContentCoding;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Set;

/**
 * The forwarded request body: stubs of credentials that the decision injects and whose
 * placements include {@code body} are swapped as the bytes stream past; everything else passes
 * unchanged. A stub is as long as its secret, so an identity body keeps its {@code Content-Length};
 * a gzip, deflate or br body is decoded, swapped and encoded again ({@link ContentCoding}), and a
 * body in any other coding goes upstream unchanged, its stubs unswapped (never a leak: a stub is
 * not a secret).
 */
final class RequestBody {
    private final BodyTransform swap;
    private final RequestRecord record;
    private boolean reported;

    private RequestBody(BodyTransform swap, RequestRecord record) {
        this.swap = swap;
        this.record = record;
    }

    /**
     * The body of {@code out}, the request as it goes upstream. A compressed body whose stubs are
     * swapped is encoded again, so its length changes: {@code out} is re-framed as chunked.
     */
    static RequestBody create(
            Credentials credentials,
            String host,
            Set<String> inject,
            RequestRecord record,
            ByteBufAllocator alloc,
            HttpRequest out) {
        HttpHeaders h = out.headers();
        ContentCoding coding = ContentCoding.of(h.getAll(HttpHeaderNames.CONTENT_ENCODING));
        BodyTransform swap = BodyTransform.swappingBody(coding, credentials, host, inject, alloc);
        if (swap.reframes() && announced(out)) {
            h.remove(HttpHeaderNames.CONTENT_LENGTH);
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return new RequestBody(swap, record);
    }

    /** Whether a request announces a body: {@code Content-Length} above 0, or a transfer coding. */
    static boolean announced(HttpMessage request) {
        return HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
    }

    HttpContent transform(HttpContent content) throws BodyTransform.UnreadableBody {
        boolean last = content instanceof LastHttpContent;
        try {
            var out = swap.apply(content.content(), last);
            if (last) {
                if (!reported) {
                    reported = true;
                    swap.report(record);
                }
                // Request trailers are dropped: the policy never saw them and no rule applies there.
                return new DefaultLastHttpContent(out);
            }
            return new DefaultHttpContent(out);
        } finally {
            content.release();
        }
    }
}
