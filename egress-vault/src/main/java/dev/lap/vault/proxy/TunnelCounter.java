package dev.lap.vault.proxy;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open client connections against two caps, all of them and those of one client address;
 * a connection over either cap is closed unread.
 */
final class TunnelCounter {
    /** Whether a new connection may stay, or which cap it is over. */
    enum Admission {
        OPEN,
        OVER_TOTAL,
        OVER_CLIENT
    }

    private final int max;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

    TunnelCounter(int max, int maxPerClient) {
        this.max = max;
        this.maxPerClient = maxPerClient;
    }

    /** Counts a connection from {@code client} (its address) if both caps allow; call {@link #closed} for an OPEN one. */
    Admission tryOpen(String client) {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return Admission.OVER_TOTAL;
            }
            if (open.compareAndSet(n, n + 1)) {
                break;
            }
        }
        boolean[] admitted = {false};
        perClient.compute(client, (k, count) -> {
            int c = count == null ? 0 : count;
            if (c >= maxPerClient) {
                return count;
            }
            admitted[0] = true;
            return c + 1;
        });
        if (!admitted[0]) {
            open.decrementAndGet();
            return Admission.OVER_CLIENT;
        }
        return Admission.OPEN;
    }

    /** Connections open now, for the {@code lap_tunnels_open} gauge. */
    int open() {
        return open.get();
    }

    void closed(String client) {
        open.decrementAndGet();
        perClient.computeIfPresent(client, (k, count) -> count <= 1 ? null : count - 1);
    }
}
