package dev.lap.vault;

import java.time.Duration;

/**
 * The vault's resource caps. Each refusal they cause is answered with a status and a reason, and
 * recorded as a {@code limit} audit event.
 *
 * @param maxInitialLineBytes request line cap (414 beyond it)
 * @param maxHeaderBytes request head cap (431 beyond it)
 * @param maxRequestBodyBytes request body cap (413 beyond it); bodies stream, this caps their total
 * @param maxResponseHeaderBytes upstream response head cap (502 beyond it)
 * @param handshakeTimeout the client's TLS handshake inside a tunnel, and the upstream's
 * @param idleTimeout a connection with no traffic in either direction is closed
 * @param connectTimeout dialing the upstream
 * @param maxConcurrentTunnels client connections open at once (the vault serves one sandbox)
 * @param decisionTimeout one evaluation of the egress policy; beyond it the request is refused
 */
public record Limits(
        int maxInitialLineBytes,
        int maxHeaderBytes,
        long maxRequestBodyBytes,
        int maxResponseHeaderBytes,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration connectTimeout,
        int maxConcurrentTunnels,
        Duration decisionTimeout) {

    public static final Limits DEFAULTS = new Limits(
            8 * 1024,
            64 * 1024,
            4L * 1024 * 1024 * 1024,
            64 * 1024,
            Duration.ofSeconds(10),
            Duration.ofSeconds(120),
            Duration.ofSeconds(10),
            2048,
            Duration.ofMillis(500));

    public Limits {
        positive(maxInitialLineBytes, "maxInitialLineBytes");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxRequestBodyBytes, "maxRequestBodyBytes");
        positive(maxResponseHeaderBytes, "maxResponseHeaderBytes");
        positive(maxConcurrentTunnels, "maxConcurrentTunnels");
        for (Duration d : new Duration[] {handshakeTimeout, idleTimeout, connectTimeout, decisionTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /** These limits with another concurrent-tunnel cap. */
    public Limits withMaxConcurrentTunnels(int value) {
        return new Limits(
                maxInitialLineBytes,
                maxHeaderBytes,
                maxRequestBodyBytes,
                maxResponseHeaderBytes,
                handshakeTimeout,
                idleTimeout,
                connectTimeout,
                value,
                decisionTimeout);
    }

    /** These limits with another request body cap. */
    public Limits withMaxRequestBodyBytes(long value) {
        return new Limits(
                maxInitialLineBytes,
                maxHeaderBytes,
                value,
                maxResponseHeaderBytes,
                handshakeTimeout,
                idleTimeout,
                connectTimeout,
                maxConcurrentTunnels,
                decisionTimeout);
    }

    /** These limits with another TLS handshake timeout. */
    public Limits withHandshakeTimeout(Duration value) {
        return new Limits(
                maxInitialLineBytes,
                maxHeaderBytes,
                maxRequestBodyBytes,
                maxResponseHeaderBytes,
                value,
                idleTimeout,
                connectTimeout,
                maxConcurrentTunnels,
                decisionTimeout);
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
