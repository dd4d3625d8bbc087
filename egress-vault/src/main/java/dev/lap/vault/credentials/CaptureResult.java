package dev.lap.vault.credentials;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The outcome of {@link Credentials#capture}: the snapshot holding the value, or why it cannot be held. */
public sealed interface CaptureResult {
    /**
     * The value is held under its id, bound to its host; {@code stub} goes to the sandbox in its
     * place. {@code replacedFingerprint} is the value the id held before (now retired: scrubbed for
     * the grace period, never swapped), or null. {@code unchanged} says the same value was already
     * held for the same host, so the stub is the one the sandbox already has.
     */
    record Kept(
            Credentials credentials,
            String stub,
            String fingerprint,
            @Nullable String replacedFingerprint,
            boolean unchanged)
            implements CaptureResult {
        public Kept {
            Objects.requireNonNull(credentials, "credentials");
            Objects.requireNonNull(stub, "stub");
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    /** Not captured; the reason names no value, and the response carrying it must not be relayed. */
    record Refused(String reason) implements CaptureResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
