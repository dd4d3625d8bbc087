package dev.lap.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One thing that happened, as the auditor will read it.
 *
 * <p>Fields that do not apply to a kind are null (a {@code session} event has no host). {@code
 * detail} holds kind-specific facts as strings, such as the refusal reason of a limit or where a
 * scrubbed secret was found; it must never hold a secret value.
 */
public record AuditEvent(
        Instant time,
        Kind kind,
        @Nullable String session,
        @Nullable String user,
        @Nullable String agent,
        @Nullable String requestId,
        @Nullable String traceId,
        @Nullable String method,
        @Nullable String host,
        int port,
        @Nullable String path,
        @Nullable String decision,
        @Nullable String rule,
        @Nullable String policyRevision,
        @Nullable String credentialId,
        @Nullable String credentialFingerprint,
        Map<String, String> detail) {

    /** What the event records. */
    public enum Kind {
        DECISION,
        SWAP,
        SCRUB,
        LIMIT,
        SESSION,
        POLICY,
        CREDENTIAL,
        AUTH;

        /** The lower-case name used in JSON and in the database. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        detail = Map.copyOf(detail);
    }

    /** A builder, because most events set only a handful of the fields. */
    public static Builder builder(Kind kind) {
        return new Builder(kind);
    }

    /** Collects the fields of one event; {@link #build()} stamps the time if none was set. */
    public static final class Builder {
        private final Kind kind;
        private @Nullable Instant time;
        private @Nullable String session;
        private @Nullable String user;
        private @Nullable String agent;
        private @Nullable String requestId;
        private @Nullable String traceId;
        private @Nullable String method;
        private @Nullable String host;
        private int port;
        private @Nullable String path;
        private @Nullable String decision;
        private @Nullable String rule;
        private @Nullable String policyRevision;
        private @Nullable String credentialId;
        private @Nullable String credentialFingerprint;
        private final java.util.LinkedHashMap<String, String> detail = new java.util.LinkedHashMap<>();

        private Builder(Kind kind) {
            this.kind = kind;
        }

        public Builder time(Instant value) {
            time = value;
            return this;
        }

        public Builder session(@Nullable String value) {
            session = value;
            return this;
        }

        public Builder user(@Nullable String value) {
            user = value;
            return this;
        }

        public Builder agent(@Nullable String value) {
            agent = value;
            return this;
        }

        public Builder requestId(@Nullable String value) {
            requestId = value;
            return this;
        }

        public Builder traceId(@Nullable String value) {
            traceId = value;
            return this;
        }

        public Builder method(@Nullable String value) {
            method = value;
            return this;
        }

        public Builder host(@Nullable String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder path(@Nullable String value) {
            path = value;
            return this;
        }

        public Builder decision(@Nullable String value) {
            decision = value;
            return this;
        }

        public Builder rule(@Nullable String value) {
            rule = value;
            return this;
        }

        public Builder policyRevision(@Nullable String value) {
            policyRevision = value;
            return this;
        }

        /** The credential by id and fingerprint; never pass the value itself. */
        public Builder credential(String id, String fingerprint) {
            credentialId = id;
            credentialFingerprint = fingerprint;
            return this;
        }

        public Builder detail(String key, String value) {
            detail.put(key, value);
            return this;
        }

        public AuditEvent build() {
            return new AuditEvent(
                    time == null ? Instant.now() : time,
                    kind,
                    session,
                    user,
                    agent,
                    requestId,
                    traceId,
                    method,
                    host,
                    port,
                    path,
                    decision,
                    rule,
                    policyRevision,
                    credentialId,
                    credentialFingerprint,
                    detail);
        }
    }
}
