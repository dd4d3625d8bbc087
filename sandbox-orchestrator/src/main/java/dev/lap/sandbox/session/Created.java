package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

/** What {@link Sessions#create} did. */
public sealed interface Created {
    Session session();

    /** Admitted and started: the session is {@code ready}. */
    record Started(Session session) implements Created {
        public Started {
            requireNonNull(session, "session");
        }
    }

    /** The policy refused it; the session is {@code failed} and {@code reason} is the policy's. */
    record Refused(Session session, String reason, String rule) implements Created {
        public Refused {
            requireNonNull(session, "session");
            requireNonNull(reason, "reason");
            requireNonNull(rule, "rule");
        }
    }

    /** Admitted but its sandbox did not start (or was stopped while starting); the session says why. */
    record NotStarted(Session session) implements Created {
        public NotStarted {
            requireNonNull(session, "session");
        }
    }
}
