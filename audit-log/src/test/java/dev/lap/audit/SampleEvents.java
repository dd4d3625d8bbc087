package dev.lap.audit;

import dev.lap.audit.AuditEvent.Actor;
import dev.lap.audit.AuditEvent.Credential;
import dev.lap.audit.AuditEvent.Request;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** One event of every kind, with every optional field set on some and unset on others. */
public final class SampleEvents {
    static final Actor ACTOR = new Actor("s-1", "alice", "claude-code");
    static final Request REQUEST =
            new Request("r1", "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "api.github.com", 443, "/user");
    static final Credential GITHUB = new Credential("github", Fingerprint.of("ghp_real"));

    private SampleEvents() {}

    /**
     * {@code n} decision and swap events spread over three sessions, users, agents and hosts, two
     * rules and revisions, and both verdicts: event {@code i}'s values are picked by {@code i % 3}
     * and {@code i % 2}, so a test can compute which ones a filter matches.
     */
    public static List<AuditEvent> traffic(int n) {
        var out = new java.util.ArrayList<AuditEvent>(n);
        for (int i = 0; i < n; i++) {
            var actor = new Actor("s" + i % 3, "user" + i % 3, "agent" + i % 3);
            var request = new Request("r" + i, null, "GET", "host" + i % 3 + ".example", 443, "/p" + i);
            if (i % 4 == 3) {
                out.add(new AuditEvent.Swap(
                        actor, request, new Credential("cred" + i % 2, Fingerprint.of("v" + i % 2)), "authorization"));
            } else {
                out.add(new AuditEvent.Decision(
                        actor,
                        request,
                        i % 2 == 0 ? AuditEvent.Verdict.ALLOW : AuditEvent.Verdict.DENY,
                        "rule" + i % 2,
                        "rev" + i % 2,
                        "because " + i,
                        i % 2 == 0 ? 200 : 403,
                        Duration.ofMillis(i),
                        List.of(),
                        List.of(),
                        null,
                        null));
            }
        }
        return out;
    }

    public static List<AuditEvent> everyKind() {
        return List.of(
                new AuditEvent.Decision(
                        ACTOR,
                        REQUEST,
                        AuditEvent.Verdict.ALLOW,
                        "github",
                        "dabc01",
                        "github api",
                        200,
                        Duration.ofNanos(1_912_345),
                        List.of("github"),
                        List.of("github", "npm"),
                        "140.82.112.6",
                        null),
                new AuditEvent.Decision(
                        Actor.NONE,
                        new Request("r2", null, "CONNECT", null, 0, "/"),
                        AuditEvent.Verdict.DENY,
                        "bad_request",
                        null,
                        "bad CONNECT target",
                        400,
                        null,
                        List.of(),
                        List.of(),
                        null,
                        "upstream reset"),
                new AuditEvent.Swap(ACTOR, REQUEST, GITHUB, "authorization"),
                new AuditEvent.Scrub(ACTOR, REQUEST, GITHUB, "body", 3),
                new AuditEvent.Limit(Actor.NONE, Request.NONE, "max_concurrent_tunnels", 2048L),
                new AuditEvent.Capture(
                        ACTOR,
                        REQUEST,
                        "github_oauth",
                        "json:access_token",
                        AuditEvent.CaptureOutcome.CAPTURED,
                        "sha256:0123456789ab",
                        "sha256:ba9876543210",
                        null),
                new AuditEvent.Capture(
                        ACTOR,
                        REQUEST,
                        "session",
                        "header:set-cookie:sid",
                        AuditEvent.CaptureOutcome.ABSENT,
                        null,
                        null,
                        "no Set-Cookie sets sid"),
                new AuditEvent.Limit(ACTOR, REQUEST, "max_request_body_bytes", null),
                new AuditEvent.Connection(
                        ACTOR,
                        REQUEST,
                        "websocket",
                        "the client closed the WebSocket (1000)",
                        Duration.ofMillis(61_250),
                        12,
                        30,
                        1024,
                        65_536),
                new AuditEvent.Policy(AuditEvent.PolicyChange.LOADED, "dabc01", "policies", null),
                new AuditEvent.Policy(
                        AuditEvent.PolicyChange.REJECTED, "dabc01", "policies", "egress.rego:3:1: rego_parse_error"),
                new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.ROTATED,
                        "github",
                        "sha256:0123456789ab",
                        "sha256:ba9876543210",
                        null),
                new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.REJECTED,
                        null,
                        null,
                        null,
                        "credentials.yaml:3:5: id `github` is already used at line 1; ids are unique"),
                new AuditEvent.SessionChange(ACTOR, null, "admitting", "requested by alice"),
                new AuditEvent.SessionChange(ACTOR, "ready", "stopping", "idle for 24h"),
                new AuditEvent.Retention(LocalDate.parse("2026-10-01"), 1200, 1200, "ab".repeat(32)));
    }
}
