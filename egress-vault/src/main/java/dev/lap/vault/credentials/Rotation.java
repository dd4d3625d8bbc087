package dev.lap.vault.credentials;

import dev.lap.audit.AuditEvent;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of {@link Credentials#rotate}: what to put in force, or why nothing changes. */
public sealed interface Rotation {
    /** The new credentials are the same as those in force (and no retired value expired). */
    record Unchanged() implements Rotation {}

    /** The new snapshot and what changed, as audit events with fingerprints only. */
    record Applied(Credentials credentials, List<AuditEvent.CredentialChange> changes) implements Rotation {
        public Applied {
            Objects.requireNonNull(credentials, "credentials");
            changes = List.copyOf(changes);
        }
    }

    /**
     * The change is refused and the credentials in force stay; {@code credentialId} names the
     * credential at fault when there is one. The reason never holds a value, only fingerprints.
     */
    record Refused(@Nullable String credentialId, String reason) implements Rotation {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
