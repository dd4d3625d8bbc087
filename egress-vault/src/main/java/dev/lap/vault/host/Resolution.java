package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.util.List;

/** Where {@link DestinationResolver} says to connect, or why nowhere. */
public sealed interface Resolution permits Resolution.Dial, Resolution.Refused, Resolution.Unresolvable {

    /**
     * Connect to these addresses, in this order (the next on failure). {@code pinned} says an
     * operator's {@code --resolve} chose them, so they were not checked by {@link DestinationGuard};
     * the audit event records it.
     */
    record Dial(List<InetSocketAddress> addresses, boolean pinned) implements Resolution {
        public Dial {
            addresses = List.copyOf(addresses);
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("nothing to dial");
            }
        }
    }

    /**
     * Every address of the host is forbidden; {@code reason} is the first one's (a literal host has
     * one). {@code detail} names the addresses and their ranges for the operator.
     */
    record Refused(RefusalReason reason, String detail) implements Resolution {
        public Refused {
            requireNonNull(reason, "reason");
            requireNonNull(detail, "detail");
        }
    }

    /** DNS had no address for the host. */
    record Unresolvable(String detail) implements Resolution {
        public Unresolvable {
            requireNonNull(detail, "detail");
        }
    }
}
