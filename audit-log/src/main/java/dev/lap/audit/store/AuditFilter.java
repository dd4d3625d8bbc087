package dev.lap.audit.store;

import dev.lap.audit.AuditEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Which records a query returns: every filter that is set must match (time from inclusive, to
 * exclusive; the others equal). {@code credential} matches the credential a swap or scrub names.
 */
public record AuditFilter(
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable String session,
        @Nullable String user,
        @Nullable String agent,
        @Nullable String credential,
        @Nullable String host,
        AuditEvent.@Nullable Verdict decision,
        @Nullable String rule,
        @Nullable String policyRevision,
        @Nullable String requestId) {

    public static final AuditFilter ALL =
            new AuditFilter(null, null, null, null, null, null, null, null, null, null, null);

    public static Builder builder() {
        return new Builder();
    }

    /** The SQL condition (without {@code where}) and its values, numbered from {@code $firstParam}. */
    Condition condition(int firstParam) {
        var sql = new ArrayList<String>();
        var values = new ArrayList<Object>();
        add(sql, values, firstParam, "time >=", from == null ? null : from.atOffset(java.time.ZoneOffset.UTC));
        add(sql, values, firstParam, "time <", to == null ? null : to.atOffset(java.time.ZoneOffset.UTC));
        add(sql, values, firstParam, "session =", session);
        add(sql, values, firstParam, "user_name =", user);
        add(sql, values, firstParam, "agent =", agent);
        add(sql, values, firstParam, "credential_id =", credential);
        add(sql, values, firstParam, "host =", host);
        add(sql, values, firstParam, "decision =", decision == null ? null : decision.wireName());
        add(sql, values, firstParam, "rule =", rule);
        add(sql, values, firstParam, "policy_revision =", policyRevision);
        add(sql, values, firstParam, "request_id =", requestId);
        return new Condition(sql.isEmpty() ? "true" : String.join(" and ", sql), List.copyOf(values));
    }

    private static void add(List<String> sql, List<Object> values, int first, String test, @Nullable Object value) {
        if (value != null) {
            values.add(value);
            sql.add(test + " $" + (first + values.size() - 1));
        }
    }

    record Condition(String sql, List<Object> values) {}

    /** Sets filters one by one; unset ones match everything. */
    public static final class Builder {
        private @Nullable Instant from;
        private @Nullable Instant to;
        private @Nullable String session;
        private @Nullable String user;
        private @Nullable String agent;
        private @Nullable String credential;
        private @Nullable String host;
        private AuditEvent.@Nullable Verdict decision;
        private @Nullable String rule;
        private @Nullable String policyRevision;
        private @Nullable String requestId;

        private Builder() {}

        public Builder from(@Nullable Instant value) {
            from = value;
            return this;
        }

        public Builder to(@Nullable Instant value) {
            to = value;
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

        public Builder credential(@Nullable String value) {
            credential = value;
            return this;
        }

        public Builder host(@Nullable String value) {
            host = value;
            return this;
        }

        public Builder decision(AuditEvent.@Nullable Verdict value) {
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

        public Builder requestId(@Nullable String value) {
            requestId = value;
            return this;
        }

        public AuditFilter build() {
            return new AuditFilter(
                    from, to, session, user, agent, credential, host, decision, rule, policyRevision, requestId);
        }
    }
}
