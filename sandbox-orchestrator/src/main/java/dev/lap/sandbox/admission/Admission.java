package dev.lap.sandbox.admission;

import static java.util.Objects.requireNonNull;

import dev.lap.sandbox.runtime.SandboxSpec.ResourceLimits;
import java.time.Duration;
import java.util.Set;

/** The policy's answer to a session request. */
public sealed interface Admission {
    /** The revision of the policy bundle that answered ({@code none} when none was loaded). */
    String revision();

    /**
     * Admitted: the TTLs and limits the session runs under (the policy's, not the request's) and
     * the credential ids its vault receives as stubs.
     */
    record Admitted(
            Duration ttl,
            Duration idleTtl,
            ResourceLimits limits,
            Set<String> credentials,
            String reason,
            String revision)
            implements Admission {
        public Admitted {
            requireNonNull(ttl, "ttl");
            requireNonNull(idleTtl, "idleTtl");
            requireNonNull(limits, "limits");
            credentials = Set.copyOf(credentials);
            requireNonNull(reason, "reason");
            requireNonNull(revision, "revision");
        }
    }

    /** Refused, with the policy's reason (or why no decision could be made) and the deciding rule. */
    record Refused(String reason, String rule, String revision) implements Admission {
        public Refused {
            requireNonNull(reason, "reason");
            requireNonNull(rule, "rule");
            requireNonNull(revision, "revision");
        }
    }
}
