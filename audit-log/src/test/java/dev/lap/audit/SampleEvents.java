package dev.lap.audit;

import dev.lap.audit.AuditEvent.Actor;
import dev.lap.audit.AuditEvent.Credential;
import dev.lap.audit.AuditEvent.Request;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/** One event of every kind, with every optional field set on some and unset on others. */
final class SampleEvents {
    static final Actor ACTOR = new Actor("s-1", "alice", "claude-code");
    static final Request REQUEST =
            new Request("r1", "4bf92f3577b34da6a3ce929d0e0e4736", "GET", "api.github.com", 443, "/user");
    static final Credential GITHUB = new Credential("github", Fingerprint.of("ghp_real"));

    private SampleEvents() {}

    static List<AuditEvent> everyKind() {
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
                new AuditEvent.Limit(ACTOR, REQUEST, "max_request_body_bytes", null),
                new AuditEvent.Policy(AuditEvent.PolicyChange.LOADED, "dabc01", "policies", null),
                new AuditEvent.Policy(
                        AuditEvent.PolicyChange.REJECTED, "dabc01", "policies", "egress.rego:3:1: rego_parse_error"),
                new AuditEvent.Retention(LocalDate.parse("2026-10-01"), 1200, 1200, "ab".repeat(32)));
    }
}
