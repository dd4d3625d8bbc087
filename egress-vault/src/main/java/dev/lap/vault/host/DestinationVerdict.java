package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;

/** What {@link DestinationGuard} says about one address. */
public sealed interface DestinationVerdict permits DestinationVerdict.Allowed, DestinationVerdict.Refused {

    InetAddress address();

    /** The address is outside every refused range. */
    record Allowed(InetAddress address) implements DestinationVerdict {
        public Allowed {
            requireNonNull(address, "address");
        }
    }

    /**
     * The address lies in a refused range. {@code detail} says which, in words an operator reads
     * ("169.254.169.254 is a cloud metadata address", "2002:7f00:1:: is a 6to4 address embedding
     * 127.0.0.1").
     */
    record Refused(InetAddress address, RefusalReason reason, String detail) implements DestinationVerdict {
        public Refused {
            requireNonNull(address, "address");
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }
}
