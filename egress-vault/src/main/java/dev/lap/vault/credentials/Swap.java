package dev.lap.vault.credentials;

import java.util.Objects;

/** A stub replaced by its real value, for the audit trail (the fingerprint, never the value). */
public record Swap(String credentialId, Placement placement, String fingerprint) {
    public Swap {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
