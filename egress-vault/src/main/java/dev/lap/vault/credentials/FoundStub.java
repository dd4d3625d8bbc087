package dev.lap.vault.credentials;

import java.util.Objects;

/**
 * A stub found in a request, for the policy input's {@code credentials} list. A captured
 * credential's stub has no sandbox variable: {@code env} is "".
 */
public record FoundStub(String credentialId, String env, Placement placement, boolean captured) {
    public FoundStub {
        Objects.requireNonNull(credentialId, "credentialId");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(placement, "placement");
    }

    public FoundStub(String credentialId, String env, Placement placement) {
        this(credentialId, env, placement, false);
    }
}
