package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent.CaptureOutcome;
import dev.lap.vault.capture.CaptureRule;
import dev.lap.vault.capture.CookieHeader;
import dev.lap.vault.capture.JsonFields;
import dev.lap.vault.credentials.CaptureResult;
import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.credentials.LiveCredentials;
import dev.lap.vault.credentials.Placement;
import dev.lap.vault.scrub.BodyDecoder;
import dev.lap.vault.scrub.ContentCoding;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The decision's {@code capture} rules applied to one response: a value they name is kept as a
 * session credential bound to this request's host ({@link LiveCredentials#capture}) and the
 * sandbox gets its stub instead. A {@code Set-Cookie} cookie is rewritten in the head; a JSON
 * field needs the whole body, which is held up to {@code Limits.maxCaptureBodyBytes}, decoded,
 * rewritten and sent as identity with its new length. Whatever cannot be captured as the rule
 * says (a body over the cap, corrupt, malformed JSON, a value the vault cannot hold) refuses the
 * response: it is never relayed uncaptured. An absent value leaves the response as it is.
 *
 * <p>Each capture is audited ({@code capture} events, fingerprints only), and from the first
 * capture on the rest of the response is scrubbed with the credentials that hold the new value,
 * so an upstream echoing it elsewhere in the same response is scrubbed too.
 */
final class ResponseCapture {
    /** A captured JSON token goes back in {@code Authorization}; a cookie in {@code Cookie}. */
    static final Placement JSON_PLACEMENT = Placement.AUTHORIZATION;

    static final Placement COOKIE_PLACEMENT = new Placement.Header("cookie");

    private final ProxyContext px;
    private final RequestRecord record;
    private final String host;
    private final List<CaptureRule> rules;
    private Credentials credentials;

    ResponseCapture(ProxyContext px, RequestRecord record, String host, List<CaptureRule> rules) {
        this.px = px;
        this.record = record;
        this.host = host;
        this.rules = List.copyOf(rules);
        this.credentials = px.credentials();
    }

    /** The credentials this response is scrubbed with: the exchange's, plus what it captured so far. */
    Credentials credentials() {
        return credentials;
    }

    /** Whether a rule needs the body. */
    boolean needsBody() {
        return rules.stream().anyMatch(r -> r.from() instanceof CaptureRule.JsonField);
    }

    /** Captures the {@code Set-Cookie} rules' cookies and puts stubs in their place; the reason to refuse, or null. */
    @Nullable String onHead(HttpHeaders headers) {
        for (CaptureRule rule : rules) {
            if (!(rule.from() instanceof CaptureRule.SetCookie cookie)) {
                continue;
            }
            List<String> all = headers.getAll(HttpHeaderNames.SET_COOKIE);
            Set<String> values = new LinkedHashSet<>();
            for (String header : all) {
                CookieHeader c = CookieHeader.parse(header);
                if (c != null && c.name().equals(cookie.name()) && !c.value().isEmpty()) {
                    values.add(c.value());
                }
            }
            if (values.isEmpty()) {
                absent(rule, "no Set-Cookie header sets " + cookie.name());
                continue;
            }
            if (values.size() > 1) {
                return refused(rule, "two Set-Cookie headers set " + cookie.name() + " to different values");
            }
            String stub;
            switch (keep(rule, values.iterator().next(), COOKIE_PLACEMENT)) {
                case CaptureResult.Kept k -> stub = k.stub();
                case CaptureResult.Refused f -> {
                    return f.reason();
                }
            }
            List<String> rewritten = new ArrayList<>(all.size());
            for (String header : all) {
                CookieHeader c = CookieHeader.parse(header);
                rewritten.add(c != null && c.name().equals(cookie.name()) ? c.withValue(header, stub) : header);
            }
            headers.set(HttpHeaderNames.SET_COOKIE, rewritten);
        }
        return null;
    }

    /** The response has no body (HEAD, 204, 304, length 0): every JSON rule finds nothing. */
    void bodyless() {
        for (CaptureRule rule : rules) {
            if (rule.from() instanceof CaptureRule.JsonField) {
                absent(rule, "the response has no body");
            }
        }
    }

    /** The transform that holds the body and captures from it; it rewrites {@code headers} before they are sent. */
    BodyTransform body(ContentCoding coding, HttpHeaders headers) {
        return new BodyTransform.Capturing(new Body(coding, headers));
    }

    private CaptureResult keep(CaptureRule rule, String value, Placement placement) {
        LiveCredentials live = px.capturing();
        CaptureResult r = live == null
                ? new CaptureResult.Refused("this vault has no store for captured credentials")
                : live.capture(rule.as(), host, placement, rule.from().wireName(), value);
        switch (r) {
            case CaptureResult.Kept k -> {
                credentials = k.credentials();
                record.captured(
                        rule.as(),
                        rule.from().wireName(),
                        CaptureOutcome.CAPTURED,
                        k.fingerprint(),
                        k.replacedFingerprint(),
                        null);
            }
            case CaptureResult.Refused f ->
                record.captured(rule.as(), rule.from().wireName(), CaptureOutcome.REFUSED, null, null, f.reason());
        }
        return r;
    }

    private void absent(CaptureRule rule, String why) {
        record.captured(rule.as(), rule.from().wireName(), CaptureOutcome.ABSENT, null, null, why);
    }

    private String refused(CaptureRule rule, String why) {
        String reason = "cannot capture " + rule.from().wireName() + " as " + rule.as() + ": " + why;
        record.captured(rule.as(), rule.from().wireName(), CaptureOutcome.REFUSED, null, null, reason);
        return reason;
    }

    /** One body held whole, bounded, then captured from, scrubbed and sent in one piece. */
    final class Body {
        private final ContentCoding coding;
        private final HttpHeaders headers;
        private final int cap = px.limits().maxCaptureBodyBytes();
        private final ByteArrayOutputStream held = new ByteArrayOutputStream();
        private Map<String, Long> replacements = Map.of();

        Body(ContentCoding coding, HttpHeaders headers) {
            this.coding = coding;
            this.headers = headers;
        }

        ByteBuf apply(ByteBuf chunk, boolean last) throws BodyTransform.UnreadableBody {
            int n = chunk.readableBytes();
            if ((long) held.size() + n > cap) {
                throw tooLarge();
            }
            held.writeBytes(io.netty.buffer.ByteBufUtil.getBytes(chunk));
            if (!last) {
                return Unpooled.EMPTY_BUFFER;
            }
            byte[] raw = held.toByteArray();
            held.reset();
            return Unpooled.wrappedBuffer(finish(raw));
        }

        Map<String, Long> replacements() {
            return replacements;
        }

        Credentials credentials() {
            return credentials;
        }

        private BodyTransform.UnreadableBody tooLarge() {
            record.limit("max_capture_body_bytes");
            held.reset();
            return new BodyTransform.UnreadableBody("the response body is larger than the vault's cap of " + cap
                    + " bytes for a body it captures from (Limits.maxCaptureBodyBytes); it is refused rather than"
                    + " relayed uncaptured");
        }

        private byte[] finish(byte[] raw) throws BodyTransform.UnreadableBody {
            byte[] plain = decode(raw);
            byte[] out = plain;
            switch (JsonFields.parse(plain)) {
                case JsonFields.NotJson n -> jsonRulesAbsent("the body is not JSON");
                case JsonFields.Malformed m -> throw unreadable(refuseJsonRules(m.reason()));
                case JsonFields.Document d -> {
                    boolean changed = false;
                    for (CaptureRule rule : rules) {
                        if (!(rule.from() instanceof CaptureRule.JsonField field)) {
                            continue;
                        }
                        switch (JsonFields.lookup(d.root(), field.path())) {
                            case JsonFields.Absent a -> absent(rule, "the body has no field " + field.wireName());
                            case JsonFields.NotAString s ->
                                throw unreadable(refused(rule, "the field holds a " + s.type() + ", not a string"));
                            case JsonFields.Found f -> {
                                switch (keep(rule, f.value(), JSON_PLACEMENT)) {
                                    case CaptureResult.Kept k -> JsonFields.replace(d.root(), field.path(), k.stub());
                                    case CaptureResult.Refused r ->
                                        throw unreadable("cannot capture " + field.wireName() + " as " + rule.as()
                                                + ": " + r.reason());
                                }
                                changed = true;
                            }
                        }
                    }
                    if (changed) {
                        out = JsonFields.write(d.root());
                    }
                }
            }
            // Scrubbed with the credentials that now hold the captured values, the head again too:
            // an upstream may echo the value it issued anywhere in the response.
            if (!credentials.responseScrubber().isEmpty()) {
                StreamReplacer replacer = credentials.responseScrubber().newStream();
                byte[] head = replacer.process(out);
                byte[] tail = replacer.finish();
                out = new byte[head.length + tail.length];
                System.arraycopy(head, 0, out, 0, head.length);
                System.arraycopy(tail, 0, out, head.length, tail.length);
                replacements = replacer.replacements();
                credentials
                        .scrubResponseHeaders(headers)
                        .forEach((id, count) -> credentials
                                .fingerprint(id)
                                .ifPresent(
                                        fp -> record.scrubbed(new RequestRecord.ScrubCount(id, fp, count), "header")));
            }
            // Sent decoded, in one piece, with its own length.
            headers.remove(HttpHeaderNames.CONTENT_ENCODING);
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            headers.set(HttpHeaderNames.CONTENT_LENGTH, out.length);
            return out;
        }

        private byte[] decode(byte[] raw) throws BodyTransform.UnreadableBody {
            return switch (coding) {
                case ContentCoding.Identity i -> raw;
                case ContentCoding.Compressed c ->
                    switch (BodyDecoder.decode(c, raw, cap)) {
                        case BodyDecoder.Data d -> d.bytes();
                        case BodyDecoder.TooLarge t -> throw tooLarge();
                        case BodyDecoder.Corrupt x -> throw unreadable(refuseJsonRules(x.reason()));
                    };
                case ContentCoding.Unscrubbable u ->
                    throw new IllegalStateException("an unscrubbable response is refused before its body");
            };
        }

        private void jsonRulesAbsent(String why) {
            for (CaptureRule rule : rules) {
                if (rule.from() instanceof CaptureRule.JsonField) {
                    absent(rule, why);
                }
            }
        }

        /** Audits every JSON rule as refused; the reason for the 502. */
        private String refuseJsonRules(String why) {
            String reason = "cannot capture from the response: " + why;
            for (CaptureRule rule : rules) {
                if (rule.from() instanceof CaptureRule.JsonField) {
                    record.captured(rule.as(), rule.from().wireName(), CaptureOutcome.REFUSED, null, null, why);
                }
            }
            return reason;
        }

        private BodyTransform.UnreadableBody unreadable(String reason) {
            return new BodyTransform.UnreadableBody(reason);
        }
    }
}
