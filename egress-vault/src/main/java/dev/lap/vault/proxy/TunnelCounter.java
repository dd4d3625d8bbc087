package dev.lap.vault.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/** Counts open client connections against the cap; a connection over the cap is closed unread. */
final class TunnelCounter {
    private final int max;
    private final AtomicInteger open = new AtomicInteger();

    TunnelCounter(int max) {
        this.max = max;
    }

    boolean tryOpen() {
        while (true) {
            int n = open.get();
            if (n >= max) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void closed() {
        open.decrementAndGet();
    }
}
