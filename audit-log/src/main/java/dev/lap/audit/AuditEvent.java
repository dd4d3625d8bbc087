package dev.lap.audit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened, as the auditor will read it: a closed set of kinds, each with the
 * fields it needs.
 *
 * <p>An event carries no time, sequence number or hash. The log that records it stamps the time
 * from its own injected clock (so producers need no clock and cannot backdate), and the store adds
 * the chain. No event ever carries a secret value: a credential appears as its id and {@link
 * Fingerprint}.
 */
public sealed interface AuditEvent {

    /** The kind's lower-case name, used in JSON and in the database. */
    String kind();

    /**
     * The event with {@code f} applied to each of its free-text fields (reasons, paths, hosts,
     * rules, details; not ids, fingerprints or enumerations), for a sink that must scrub text.
     */
    static AuditEvent mapText(AuditEvent event, java.util.function.UnaryOperator<String> f) {
        return switch (event) {
            case Decision d ->
                new Decision(
                        d.actor(),
                        mapText(d.request(), f),
                        d.verdict(),
                        f.apply(d.rule()),
                        d.policyRevision(),
                        f.apply(d.reason()),
                        d.status(),
                        d.duration(),
                        d.swapped(),
                        d.stubsFound(),
                        d.upstreamAddress(),
                        d.failure() == null ? null : f.apply(d.failure()));
            case Swap s -> new Swap(s.actor(), mapText(s.request(), f), s.credential(), s.placement());
            case Scrub s -> new Scrub(s.actor(), mapText(s.request(), f), s.credential(), s.where(), s.count());
            case Limit l -> new Limit(l.actor(), mapText(l.request(), f), f.apply(l.limit()), l.max());
            case Capture c ->
                new Capture(
                        c.actor(),
                        mapText(c.request(), f),
                        c.credentialId(),
                        f.apply(c.from()),
                        c.outcome(),
                        c.fingerprint(),
                        c.oldFingerprint(),
                        c.reason() == null ? null : f.apply(c.reason()));
            case Policy p ->
                new Policy(p.change(), p.revision(), p.directory(), p.errors() == null ? null : f.apply(p.errors()));
            case CredentialChange c ->
                new CredentialChange(
                        c.change(),
                        c.credentialId(),
                        c.oldFingerprint(),
                        c.newFingerprint(),
                        c.errors() == null ? null : f.apply(c.errors()));
            case Connection c ->
                new Connection(
                        c.actor(),
                        mapText(c.request(), f),
                        c.protocol(),
                        f.apply(c.end()),
                        c.duration(),
                        c.framesToUpstream(),
                        c.framesToClient(),
                        c.bytesToUpstream(),
                        c.bytesToClient());
            case Retention r -> r;
            case SessionChange c -> new SessionChange(c.actor(), c.from(), c.to(), f.apply(c.reason()));
        };
    }

    private static Request mapText(Request r, java.util.function.UnaryOperator<String> f) {
        return new Request(
                r.id(),
                r.traceId(),
                r.method(),
                r.host() == null ? null : f.apply(r.host()),
                r.port(),
                r.path() == null ? null : f.apply(r.path()));
    }

    /** A request decided: the canonical line of one request, exactly one per request. */
    record Decision(
            Actor actor,
            Request request,
            Verdict verdict,
            String rule,
            @Nullable String policyRevision,
            String reason,
            int status,
            @Nullable Duration duration,
            List<String> swapped,
            List<String> stubsFound,
            @Nullable String upstreamAddress,
            @Nullable String failure)
            implements AuditEvent {
        public Decision {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(verdict, "verdict");
            requireNonNull(rule, "rule");
            requireNonNull(reason, "reason");
            // Microseconds are what the store keeps; truncating here makes a record read back
            // equal to the one written.
            duration = duration == null ? null : duration.truncatedTo(ChronoUnit.MICROS);
            swapped = ids(swapped, "swapped");
            stubsFound = ids(stubsFound, "stubsFound");
        }

        @Override
        public String kind() {
            return "decision";
        }
    }

    /** A stub was replaced by its real credential in a request. */
    record Swap(Actor actor, Request request, Credential credential, String placement) implements AuditEvent {
        public Swap {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(credential, "credential");
            requireNonNull(placement, "placement");
        }

        @Override
        public String kind() {
            return "swap";
        }
    }

    /** A real secret in a response was replaced by its stub, {@code count} times, in {@code where}. */
    record Scrub(Actor actor, Request request, Credential credential, String where, long count) implements AuditEvent {
        public Scrub {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(credential, "credential");
            requireNonNull(where, "where");
        }

        @Override
        public String kind() {
            return "scrub";
        }
    }

    /**
     * A decision's capture rule met a response ({@code from}, e.g. {@code json:access_token}): the
     * value was kept as the session credential {@code credentialId} ({@code fingerprint}, and
     * {@code oldFingerprint} when it replaced an earlier value), was absent from the response, or
     * could not be kept and the response was refused; {@code reason} says why for the last two.
     */
    record Capture(
            Actor actor,
            Request request,
            String credentialId,
            String from,
            CaptureOutcome outcome,
            @Nullable String fingerprint,
            @Nullable String oldFingerprint,
            @Nullable String reason)
            implements AuditEvent {
        public Capture {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(credentialId, "credentialId");
            requireNonNull(from, "from");
            requireNonNull(outcome, "outcome");
            AuditEvent.fingerprint(fingerprint, "fingerprint");
            AuditEvent.fingerprint(oldFingerprint, "oldFingerprint");
            if ((outcome == CaptureOutcome.CAPTURED) != (fingerprint != null)) {
                throw new IllegalArgumentException("a fingerprint belongs to, and only to, a captured value");
            }
        }

        @Override
        public String kind() {
            return "capture";
        }
    }

    /** A limit refused something; {@code max} is the configured bound when there is one. */
    record Limit(
            Actor actor,
            Request request,
            String limit,
            @Nullable Long max) implements AuditEvent {
        public Limit {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(limit, "limit");
        }

        @Override
        public String kind() {
            return "limit";
        }
    }

    /**
     * A connection that outlived its request ended: a WebSocket the vault relayed after the
     * upgrade's {@link Decision} (recorded when the upstream switched protocols). {@code end} says
     * who ended it and why; the counts are frames and payload bytes relayed each way.
     */
    record Connection(
            Actor actor,
            Request request,
            String protocol,
            String end,
            Duration duration,
            long framesToUpstream,
            long framesToClient,
            long bytesToUpstream,
            long bytesToClient)
            implements AuditEvent {
        public Connection {
            requireNonNull(actor, "actor");
            requireNonNull(request, "request");
            requireNonNull(protocol, "protocol");
            requireNonNull(end, "end");
            duration = requireNonNull(duration, "duration").truncatedTo(ChronoUnit.MICROS);
        }

        @Override
        public String kind() {
            return "connection";
        }
    }

    /** The policy bundle was loaded, reloaded, or a reload was rejected (the old one kept). */
    record Policy(
            PolicyChange change,
            String revision,
            String directory,
            @Nullable String errors) implements AuditEvent {
        public Policy {
            requireNonNull(change, "change");
            requireNonNull(revision, "revision");
            requireNonNull(directory, "directory");
        }

        @Override
        public String kind() {
            return "policy";
        }
    }

    /**
     * A vault's credentials changed while it ran, or a change was refused (the credentials in force
     * kept). A credential appears by id and fingerprints only: {@code oldFingerprint} is null for
     * an added credential, {@code newFingerprint} for a removed one; a refused change names the
     * credential when the refusal is about one, and says why in {@code errors}.
     */
    record CredentialChange(
            CredentialChangeKind change,
            @Nullable String credentialId,
            @Nullable String oldFingerprint,
            @Nullable String newFingerprint,
            @Nullable String errors)
            implements AuditEvent {
        public CredentialChange {
            requireNonNull(change, "change");
            fingerprint(oldFingerprint, "oldFingerprint");
            fingerprint(newFingerprint, "newFingerprint");
        }

        @Override
        public String kind() {
            return "credential";
        }
    }

    /**
     * Retention removed every event before {@code before} (a whole UTC day): {@code removed}
     * events, the last of them {@code throughSeq} with hash {@code throughHash}, to which the
     * first kept event's {@code prev_hash} still points. Written only by the store.
     */
    record Retention(LocalDate before, long removed, long throughSeq, String throughHash) implements AuditEvent {
        public Retention {
            requireNonNull(before, "before");
            requireNonNull(throughHash, "throughHash");
        }

        @Override
        public String kind() {
            return "retention";
        }
    }

    /**
     * A session moved from one state of its life to the next ({@code admitting}, {@code starting},
     * {@code ready}, {@code attached}, {@code stopping}, {@code stopped}, {@code failed}); {@code
     * from} is null for the first. The reason says why (an admission refusal quotes the policy).
     */
    record SessionChange(Actor actor, @Nullable String from, String to, String reason) implements AuditEvent {
        public SessionChange {
            requireNonNull(actor, "actor");
            requireNonNull(to, "to");
            requireNonNull(reason, "reason");
            if (actor.session() == null) {
                throw new IllegalArgumentException("a session change names its session");
            }
        }

        @Override
        public String kind() {
            return "session";
        }
    }

    /** Who was behind an event; a part that is unknown (a standalone vault has no session) is null. */
    record Actor(
            @Nullable String session,
            @Nullable String user,
            @Nullable String agent) {
        public static final Actor NONE = new Actor(null, null, null);

        public Actor {
            session = emptyToNull(session);
            user = emptyToNull(user);
            agent = emptyToNull(agent);
        }
    }

    /**
     * The request an event is about. A part not known where the event happened is null (a refusal
     * while parsing has no host yet; a failed TLS handshake has no request yet); {@code port} is 0
     * when unknown. {@code path} must already be redacted of stubs.
     */
    record Request(
            @Nullable String id,
            @Nullable String traceId,
            @Nullable String method,
            @Nullable String host,
            int port,
            @Nullable String path) {
        public static final Request NONE = new Request(null, null, null, null, 0, null);

        public Request {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    /** A credential as audit rows name it: its id and fingerprint, never its value. */
    record Credential(String id, String fingerprint) {
        public Credential {
            requireNonNull(id, "id");
            requireNonNull(fingerprint, "fingerprint");
            if (!fingerprint.startsWith(Fingerprint.PREFIX)) {
                // A guard against passing the value where the fingerprint belongs.
                throw new IllegalArgumentException("not a fingerprint (expected " + Fingerprint.PREFIX + "…)");
            }
        }
    }

    enum Verdict {
        ALLOW,
        DENY,
        /**
         * The policy allowed the request, but the upstream could not be reached or answered
         * something the vault refuses to relay (a 502 or 504): not a policy denial.
         */
        UPSTREAM_ERROR;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum PolicyChange {
        LOADED,
        RELOADED,
        REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum CaptureOutcome {
        CAPTURED,
        ABSENT,
        REFUSED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum CredentialChangeKind {
        ADDED,
        ROTATED,
        REMOVED,
        REJECTED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static void fingerprint(@Nullable String fingerprint, String name) {
        if (fingerprint != null && !fingerprint.startsWith(Fingerprint.PREFIX)) {
            // A guard against passing the value where the fingerprint belongs.
            throw new IllegalArgumentException(name + ": not a fingerprint (expected " + Fingerprint.PREFIX + "…)");
        }
    }

    private static @Nullable String emptyToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static List<String> ids(List<String> ids, String name) {
        for (String id : ids) {
            // Lists are stored comma-joined; an id with a comma would read back as two.
            if (id.isEmpty() || id.indexOf(',') >= 0) {
                throw new IllegalArgumentException(name + ": a credential id is empty or has a comma");
            }
        }
        return List.copyOf(ids);
    }
}
