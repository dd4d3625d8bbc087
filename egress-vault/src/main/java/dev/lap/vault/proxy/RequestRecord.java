package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.credentials.FoundStub;
import dev.lap.vault.credentials.Swap;
import dev.lap.vault.host.Resolution;
import dev.lap.vault.policy.Decision;
import io.netty.handler.codec.http.HttpRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the auditor and the operator learn about one request: a {@code swap} event per swapped
 * credential and a {@code scrub} event per scrubbed secret as they happen, then exactly one
 * {@code decision} event (the request's canonical line) and one span when it ends.
 *
 * <p>Only ids and fingerprints are recorded. The span's {@code url.full} has every query value
 * replaced by {@code REDACTED}, as the HTTP semantic conventions advise for values that may be
 * credentials.
 */
final class RequestRecord {
    static final AttributeKey<String> DECISION = AttributeKey.stringKey("lap.decision");
    static final AttributeKey<String> RULE = AttributeKey.stringKey("lap.rule");
    static final AttributeKey<String> REVISION = AttributeKey.stringKey("lap.policy.revision");
    static final AttributeKey<List<String>> CREDENTIALS = AttributeKey.stringArrayKey("lap.credential.ids");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("lap.request.id");
    static final AttributeKey<String> REASON = AttributeKey.stringKey("lap.reason");

    private final ProxyContext px;
    private final String requestId;
    private final Target target;
    private final HttpRequest request;
    private final Span span;
    private final long startNanos = System.nanoTime();
    private @Nullable Decision decision;
    private @Nullable Refusal refusal;
    private @Nullable String failure;
    private @Nullable String dialed;
    private final Set<String> swappedIds = new LinkedHashSet<>();
    private final List<String> foundIds = new ArrayList<>();
    private int status;
    private boolean done;

    RequestRecord(ProxyContext px, String requestId, Target target, HttpRequest request) {
        this.px = px;
        this.requestId = requestId;
        this.target = target;
        this.request = request;
        this.span = px.tracer()
                .spanBuilder(request.method().name())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("http.request.method", request.method().name())
                .setAttribute("server.address", target.host().name())
                .setAttribute("server.port", (long) target.port())
                .setAttribute("url.scheme", target.scheme())
                .setAttribute("url.full", text(redactedUrl()))
                .setAttribute("network.protocol.version", "1.1")
                // The span is the upstream leg's (HTTP/1.1); the sandbox's leg may be HTTP/2.
                .setAttribute(
                        "lap.client.protocol.version",
                        request.protocolVersion() == Http2RequestDecoder.HTTP_2 ? "2" : "1.1")
                .setAttribute(REQUEST_ID, requestId)
                .startSpan();
    }

    void decided(Decision d, List<FoundStub> found) {
        decision = d;
        found.forEach(f -> foundIds.add(f.credentialId()));
        span.setAttribute(DECISION, d instanceof Decision.Allow ? "allow" : "deny");
        span.setAttribute(RULE, text(d.rule()));
        span.setAttribute(REVISION, d.revision());
    }

    void dialed(Resolution.Dial d) {
        if (!d.addresses().isEmpty()) {
            var a = d.addresses().get(0);
            dialed = a.getAddress().getHostAddress() + (d.pinned() ? " (pinned)" : "");
            span.setAttribute("network.peer.address", a.getAddress().getHostAddress());
        }
    }

    void swapped(Swap s) {
        swappedIds.add(s.credentialId());
        px.metrics().swapped(s.credentialId());
        px.audit()
                .record(new AuditEvent.Swap(
                        actor(),
                        auditRequest(),
                        new AuditEvent.Credential(s.credentialId(), s.fingerprint()),
                        s.placement().wireName()));
    }

    void scrubbed(ScrubCount scrub, String where) {
        px.metrics().scrubbed(scrub.credentialId(), scrub.count());
        px.audit()
                .record(new AuditEvent.Scrub(
                        actor(),
                        auditRequest(),
                        new AuditEvent.Credential(scrub.credentialId(), scrub.fingerprint()),
                        where,
                        scrub.count()));
        span.addEvent("lap.scrub");
    }

    /** A capture rule met the response: the value kept (fingerprints only), absent, or refused. */
    void captured(
            String id,
            String from,
            AuditEvent.CaptureOutcome outcome,
            @Nullable String fingerprint,
            @Nullable String oldFingerprint,
            @Nullable String reason) {
        px.audit()
                .record(new AuditEvent.Capture(
                        actor(), auditRequest(), id, from, outcome, fingerprint, oldFingerprint, reason));
        span.addEvent("lap.capture");
    }

    void responded(int code) {
        status = code;
        span.setAttribute("http.response.status_code", (long) code);
    }

    void refused(Refusal r) {
        refusal = r;
        status = r.status().code();
        finished(status);
    }

    void limit(String what) {
        px.audit().record(new AuditEvent.Limit(actor(), auditRequest(), what, null));
    }

    void failed(String why) {
        failure = why;
    }

    /** Ends the record: the canonical decision event and the span. Called once; later calls do nothing. */
    void finished(int finalStatus) {
        if (done) {
            return;
        }
        done = true;
        if (finalStatus != 0) {
            status = finalStatus;
        }
        boolean allowed = refusal == null && decision instanceof Decision.Allow;
        AuditEvent.Verdict verdict = allowed
                ? AuditEvent.Verdict.ALLOW
                : decision instanceof Decision.Allow && refusal != null && refusal.upstreamFailure()
                        ? AuditEvent.Verdict.UPSTREAM_ERROR
                        : AuditEvent.Verdict.DENY;
        String rule = refusal != null ? refusal.rule() : decision == null ? "none" : decision.rule();
        if (refusal != null && refusal.rule().equals(decision == null ? "" : decision.rule())) {
            rule = decision.rule();
        }
        String reason = refusal != null ? refusal.reason() : decision == null ? "" : decision.reason();
        px.audit()
                .record(new AuditEvent.Decision(
                        actor(),
                        auditRequest(),
                        verdict,
                        rule,
                        decision == null ? null : decision.revision(),
                        reason,
                        status,
                        Duration.ofNanos(System.nanoTime() - startNanos),
                        List.copyOf(swappedIds),
                        foundIds,
                        dialed,
                        failure));
        px.metrics().finished(verdict, rule, System.nanoTime() - startNanos);
        span.setAttribute(DECISION, verdict.wireName());
        span.setAttribute(RULE, text(rule));
        span.setAttribute(REASON, text(reason));
        span.setAttribute(CREDENTIALS, List.copyOf(swappedIds));
        if (status != 0) {
            span.setAttribute("http.response.status_code", (long) status);
        }
        if (failure != null || status >= 500) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute("error.type", failure != null ? "lap.failure" : Integer.toString(status));
        } else if (!allowed) {
            span.setAttribute("error.type", Integer.toString(status));
        }
        span.end();
    }

    AuditEvent.Actor actor() {
        var s = px.session();
        return new AuditEvent.Actor(s.id(), s.user(), s.agent());
    }

    AuditEvent.Request auditRequest() {
        return new AuditEvent.Request(
                requestId,
                span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null,
                request.method().name(),
                target.host().name(),
                target.port(),
                px.credentials().redact(RequestTarget.path(request.uri())));
    }

    private String redactedUrl() {
        String authority = target.host().uriHost() + (target.port() == target.defaultPort() ? "" : ":" + target.port());
        String query = RequestTarget.rawQuery(request.uri());
        StringBuilder url = new StringBuilder(target.scheme())
                .append("://")
                .append(authority)
                .append(RequestTarget.path(request.uri()));
        // A stub in the path or a query name shows as <stub:ID>; query values are dropped anyway.
        if (!query.isEmpty()) {
            url.append('?');
            String[] pairs = query.split("&", -1);
            for (int i = 0; i < pairs.length; i++) {
                if (i > 0) {
                    url.append('&');
                }
                int eq = pairs[i].indexOf('=');
                url.append(eq < 0 ? pairs[i] : pairs[i].substring(0, eq + 1) + "REDACTED");
            }
        }
        return px.credentials().redact(url.toString());
    }

    /**
     * Free text bound for the span: stubs shown as {@code <stub:ID>}, and every spelling of a real
     * value scrubbed (a reason may quote an upstream's bytes). Every string attribute that is not a
     * fixed vocabulary passes here; audit events pass the vault's scrubbing sink instead.
     */
    private String text(String value) {
        return px.credentials().scrubText(px.credentials().redact(value));
    }

    /** A scrubbed secret: which credential, its fingerprint, how many times it was replaced. */
    record ScrubCount(String credentialId, String fingerprint, long count) {}
}
