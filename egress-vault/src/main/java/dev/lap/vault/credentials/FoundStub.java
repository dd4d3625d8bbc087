package dev.lap.vault.credentials;

import java.util.Objects;

/** A stub found in a request, for the policy input's {@code credentials} list. */
public record FoundStub(String credentialId, String env, Placement placement) {
    public FoundStub {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(placement, "placement");
    }
}
