package dev.lap.audit;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.AuditEvent.Actor;
import dev.lap.audit.AuditEvent.Credential;
import dev.lap.audit.AuditEvent.Request;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * An event flattened to the names under which it is written as JSON, stored as a row, exported
 * and hashed: the kind, the shared columns the queries filter on, and the kind's own facts as a
 * string {@code detail} map. Every value is text (the port in decimal), so the canonical encoding
 * that the hash chain covers does not depend on how a JSON or SQL layer prints numbers.
 *
 * <p>{@link #of} and {@link #toEvent} convert both ways; a verifier needs neither, it hashes these
 * fields as they were exported, whatever kind they claim to be.
 */
public record EventFields(String kind, Map<String, String> columns, SortedMap<String, String> detail) {

    /** The shared columns, in the order they are written, stored and hashed. */
    public static final List<String> COLUMNS = List.of(
            "session",
            "user",
            "agent",
            "request_id",
            "trace_id",
            "method",
            "host",
            "port",
            "path",
            "decision",
            "rule",
            "policy_revision",
            "credential_id",
            "credential_fingerprint");

    public EventFields {
        requireNonNull(kind, "kind");
        var ordered = new LinkedHashMap<String, String>();
        for (String name : COLUMNS) {
            String value = columns.get(name);
            if (value != null) {
                ordered.put(name, value);
            }
        }
        if (ordered.size() != columns.size()) {
            throw new IllegalArgumentException("unknown columns in " + columns.keySet());
        }
        columns = Collections.unmodifiableMap(ordered);
        detail = Collections.unmodifiableSortedMap(new TreeMap<>(detail));
    }

    public @Nullable String column(String name) {
        return columns.get(name);
    }

    /** Flattens an event. */
    public static EventFields of(AuditEvent event) {
        var c = new LinkedHashMap<String, String>();
        var d = new TreeMap<String, String>();
        switch (event) {
            case AuditEvent.Decision e -> {
                actor(c, e.actor());
                request(c, e.request());
                c.put("decision", e.verdict().wireName());
                c.put("rule", e.rule());
                put(c, "policy_revision", e.policyRevision());
                d.put("reason", e.reason());
                d.put("status", Integer.toString(e.status()));
                if (e.duration() != null) {
                    d.put("duration_ms", millis(e.duration()));
                }
                if (!e.swapped().isEmpty()) {
                    d.put("swapped", String.join(",", e.swapped()));
                }
                if (!e.stubsFound().isEmpty()) {
                    d.put("stubs_found", String.join(",", e.stubsFound()));
                }
                put(d, "upstream_address", e.upstreamAddress());
                put(d, "failure", e.failure());
            }
            case AuditEvent.Swap e -> {
                actor(c, e.actor());
                request(c, e.request());
                credential(c, e.credential());
                d.put("placement", e.placement());
            }
            case AuditEvent.Scrub e -> {
                actor(c, e.actor());
                request(c, e.request());
                credential(c, e.credential());
                d.put("where", e.where());
                d.put("count", Long.toString(e.count()));
            }
            case AuditEvent.Capture e -> {
                actor(c, e.actor());
                request(c, e.request());
                c.put("credential_id", e.credentialId());
                put(c, "credential_fingerprint", e.fingerprint());
                d.put("event", e.outcome().wireName());
                d.put("from", e.from());
                put(d, "old_fingerprint", e.oldFingerprint());
                put(d, "reason", e.reason());
            }
            case AuditEvent.Limit e -> {
                actor(c, e.actor());
                request(c, e.request());
                d.put("limit", e.limit());
                if (e.max() != null) {
                    d.put("max", Long.toString(e.max()));
                }
            }
            case AuditEvent.Connection e -> {
                actor(c, e.actor());
                request(c, e.request());
                d.put("protocol", e.protocol());
                d.put("end", e.end());
                d.put("duration_ms", millis(e.duration()));
                d.put("frames_to_upstream", Long.toString(e.framesToUpstream()));
                d.put("frames_to_client", Long.toString(e.framesToClient()));
                d.put("bytes_to_upstream", Long.toString(e.bytesToUpstream()));
                d.put("bytes_to_client", Long.toString(e.bytesToClient()));
            }
            case AuditEvent.Policy e -> {
                c.put("policy_revision", e.revision());
                d.put("event", e.change().wireName());
                d.put("directory", e.directory());
                put(d, "errors", e.errors());
            }
            case AuditEvent.CredentialChange e -> {
                put(c, "credential_id", e.credentialId());
                put(c, "credential_fingerprint", e.newFingerprint());
                d.put("event", e.change().wireName());
                put(d, "old_fingerprint", e.oldFingerprint());
                put(d, "errors", e.errors());
            }
            case AuditEvent.Retention e -> {
                d.put("before", e.before().toString());
                d.put("removed", Long.toString(e.removed()));
                d.put("through_seq", Long.toString(e.throughSeq()));
                d.put("through_hash", e.throughHash());
            }
            case AuditEvent.SessionChange e -> {
                actor(c, e.actor());
                put(d, "from", e.from());
                d.put("to", e.to());
                d.put("reason", e.reason());
            }
        }
        return new EventFields(event.kind(), c, d);
    }

    /**
     * The typed event these fields describe.
     *
     * @throws IllegalArgumentException for an unknown kind or a field missing or malformed
     */
    public AuditEvent toEvent() {
        return switch (kind) {
            case "decision" ->
                new AuditEvent.Decision(
                        actor(),
                        request(),
                        AuditEvent.Verdict.valueOf(required(columns, "decision").toUpperCase(Locale.ROOT)),
                        required(columns, "rule"),
                        column("policy_revision"),
                        required(detail, "reason"),
                        Integer.parseInt(required(detail, "status")),
                        detail.containsKey("duration_ms") ? duration(detail.get("duration_ms")) : null,
                        list(detail.get("swapped")),
                        list(detail.get("stubs_found")),
                        detail.get("upstream_address"),
                        detail.get("failure"));
            case "swap" -> new AuditEvent.Swap(actor(), request(), credential(), required(detail, "placement"));
            case "scrub" ->
                new AuditEvent.Scrub(
                        actor(),
                        request(),
                        credential(),
                        required(detail, "where"),
                        Long.parseLong(required(detail, "count")));
            case "capture" ->
                new AuditEvent.Capture(
                        actor(),
                        request(),
                        required(columns, "credential_id"),
                        required(detail, "from"),
                        AuditEvent.CaptureOutcome.valueOf(
                                required(detail, "event").toUpperCase(Locale.ROOT)),
                        column("credential_fingerprint"),
                        detail.get("old_fingerprint"),
                        detail.get("reason"));
            case "limit" ->
                new AuditEvent.Limit(
                        actor(),
                        request(),
                        required(detail, "limit"),
                        detail.containsKey("max") ? Long.valueOf(detail.get("max")) : null);
            case "connection" ->
                new AuditEvent.Connection(
                        actor(),
                        request(),
                        required(detail, "protocol"),
                        required(detail, "end"),
                        duration(required(detail, "duration_ms")),
                        Long.parseLong(required(detail, "frames_to_upstream")),
                        Long.parseLong(required(detail, "frames_to_client")),
                        Long.parseLong(required(detail, "bytes_to_upstream")),
                        Long.parseLong(required(detail, "bytes_to_client")));
            case "policy" ->
                new AuditEvent.Policy(
                        AuditEvent.PolicyChange.valueOf(
                                required(detail, "event").toUpperCase(Locale.ROOT)),
                        required(columns, "policy_revision"),
                        required(detail, "directory"),
                        detail.get("errors"));
            case "credential" ->
                new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.valueOf(
                                required(detail, "event").toUpperCase(Locale.ROOT)),
                        column("credential_id"),
                        detail.get("old_fingerprint"),
                        column("credential_fingerprint"),
                        detail.get("errors"));
            case "retention" ->
                new AuditEvent.Retention(
                        LocalDate.parse(required(detail, "before")),
                        Long.parseLong(required(detail, "removed")),
                        Long.parseLong(required(detail, "through_seq")),
                        required(detail, "through_hash"));
            case "session" ->
                new AuditEvent.SessionChange(
                        actor(), detail.get("from"), required(detail, "to"), required(detail, "reason"));
            default -> throw new IllegalArgumentException("unknown event kind: " + kind);
        };
    }

    private Actor actor() {
        return new Actor(column("session"), column("user"), column("agent"));
    }

    private Request request() {
        String port = column("port");
        return new Request(
                column("request_id"),
                column("trace_id"),
                column("method"),
                column("host"),
                port == null ? 0 : Integer.parseInt(port),
                column("path"));
    }

    private Credential credential() {
        return new Credential(required(columns, "credential_id"), required(columns, "credential_fingerprint"));
    }

    private static void actor(Map<String, String> c, Actor a) {
        put(c, "session", a.session());
        put(c, "user", a.user());
        put(c, "agent", a.agent());
    }

    private static void request(Map<String, String> c, Request r) {
        put(c, "request_id", r.id());
        put(c, "trace_id", r.traceId());
        put(c, "method", r.method());
        put(c, "host", r.host());
        if (r.port() != 0) {
            c.put("port", Integer.toString(r.port()));
        }
        put(c, "path", r.path());
    }

    private static void credential(Map<String, String> c, Credential credential) {
        c.put("credential_id", credential.id());
        c.put("credential_fingerprint", credential.fingerprint());
    }

    private static void put(Map<String, String> m, String name, @Nullable String value) {
        if (value != null) {
            m.put(name, value);
        }
    }

    private static String required(Map<String, String> m, String name) {
        String value = m.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static List<String> list(@Nullable String joined) {
        return joined == null ? List.of() : Arrays.asList(joined.split(",", -1));
    }

    /** Milliseconds with three decimals, as the JSON lines have always shown a request's duration. */
    private static String millis(Duration d) {
        return BigDecimal.valueOf(d.toNanos(), 6)
                .setScale(3, java.math.RoundingMode.HALF_UP)
                .toPlainString();
    }

    private static Duration duration(String millis) {
        return Duration.ofNanos(new BigDecimal(millis).movePointRight(6).longValueExact());
    }
}
