package dev.lap.vault.credentials;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One credential the vault holds: which stub variable the sandbox sees, the real value, the hosts
 * it may ever be sent to and where in a request it may go. Printing it shows the secret's
 * fingerprint only.
 */
public record Credential(
        String id, String env, SecretSource source, Secret secret, List<HostPattern> hosts, Set<Placement> placements) {
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]*");

    public Credential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(secret, "secret");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("credential id `" + id + "` does not match " + ID);
        }
        if (!ENV.matcher(env).matches()) {
            throw new IllegalArgumentException("credential " + id + ": env `" + env + "` does not match " + ENV);
        }
        hosts = List.copyOf(hosts);
        placements = Set.copyOf(placements);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("credential " + id + " is bound to no host");
        }
        if (placements.isEmpty()) {
            throw new IllegalArgumentException("credential " + id + " has no placement");
        }
    }

    /** True if this credential may ever be sent to {@code host} (canonical, no port). */
    public boolean boundTo(String host) {
        for (HostPattern p : hosts) {
            if (p.matches(host)) {
                return true;
            }
        }
        return false;
    }

    public boolean allows(Placement placement) {
        return placements.contains(placement);
    }
}
