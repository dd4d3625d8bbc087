package dev.lap.vault.proxy;

import dev.lap.vault.host.CanonicalHost;

/** Where a request goes: scheme, canonical host and port. */
record Target(String scheme, CanonicalHost host, int port) {
    boolean tls() {
        return scheme.equals("https");
    }

    int defaultPort() {
        return tls() ? 443 : 80;
    }
}
