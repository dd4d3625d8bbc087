package dev.lap.vault;

import java.time.Duration;
import java.util.Objects;

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
 * @param requestHeadTimeout a request head must be complete this long after the vault starts
 *     waiting for it: from the connection's start, from the end of a tunnel's TLS handshake, or,
 *     on a kept-alive connection, from the first byte of the next head (408 beyond it)
 * @param minRequestBodyBytesPerSecond the slowest a request body may arrive, averaged over {@code
 *     requestBodyRateWindow} of time in which the vault was waiting for it (time the vault spends
 *     deciding, or waiting for the upstream to take more, does not count); 408 or a cut connection
 *     below it
 * @param requestBodyRateWindow the window of the body rate: the client may fall this far behind
 *     the minimum rate (a pause of this long at the start), and no further
 * @param maxConnectionsPerClient client connections open at once from one client address
 * @param maxCaptureBodyBytes the largest response body the vault holds to capture a field of it
 *     (the decision's {@code capture}), compressed and decoded alike; a larger one is refused with
 *     a 502, never relayed uncaptured
 * @param maxConcurrentStreams HTTP/2 streams open at once on one client connection (announced as
 *     {@code SETTINGS_MAX_CONCURRENT_STREAMS}; a stream beyond it is refused with {@code
 *     REFUSED_STREAM})
 * @param maxStreamResets HTTP/2 streams a client may reset within {@code streamResetWindow}; one
 *     more ends the connection with {@code GOAWAY ENHANCE_YOUR_CALM} (the rapid-reset attack,
 *     CVE-2023-44487: each stream opened costs the vault a decision, each reset costs the client
 *     nothing)
 * @param streamResetWindow the window of {@code maxStreamResets}, whole seconds
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
        Duration decisionTimeout,
        Duration requestHeadTimeout,
        long minRequestBodyBytesPerSecond,
        Duration requestBodyRateWindow,
        int maxConnectionsPerClient,
        int maxCaptureBodyBytes,
        int maxConcurrentStreams,
        int maxStreamResets,
        Duration streamResetWindow) {

    public static final Limits DEFAULTS = new Limits(
            8 * 1024,
            64 * 1024,
            4L * 1024 * 1024 * 1024,
            64 * 1024,
            Duration.ofSeconds(10),
            Duration.ofSeconds(120),
            Duration.ofSeconds(10),
            2048,
            Duration.ofMillis(500),
            Duration.ofSeconds(20),
            1024,
            Duration.ofSeconds(20),
            512,
            1024 * 1024,
            100,
            200,
            Duration.ofSeconds(30));

    public Limits {
        positive(maxInitialLineBytes, "maxInitialLineBytes");
        positive(maxHeaderBytes, "maxHeaderBytes");
        positive(maxRequestBodyBytes, "maxRequestBodyBytes");
        positive(maxResponseHeaderBytes, "maxResponseHeaderBytes");
        positive(maxConcurrentTunnels, "maxConcurrentTunnels");
        positive(minRequestBodyBytesPerSecond, "minRequestBodyBytesPerSecond");
        positive(maxConnectionsPerClient, "maxConnectionsPerClient");
        positive(maxCaptureBodyBytes, "maxCaptureBodyBytes");
        positive(maxConcurrentStreams, "maxConcurrentStreams");
        positive(maxStreamResets, "maxStreamResets");
        if (streamResetWindow != null && streamResetWindow.toSeconds() < 1) {
            throw new IllegalArgumentException("streamResetWindow must be at least 1 s, got " + streamResetWindow);
        }
        for (Duration d : new Duration[] {
            handshakeTimeout,
            idleTimeout,
            connectTimeout,
            decisionTimeout,
            requestHeadTimeout,
            requestBodyRateWindow,
            streamResetWindow
        }) {
            Objects.requireNonNull(d, "a timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        }
    }

    /** A builder holding these limits, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** These limits with another concurrent-tunnel cap. */
    public Limits withMaxConcurrentTunnels(int value) {
        return toBuilder().maxConcurrentTunnels(value).build();
    }

    /** These limits with another request body cap. */
    public Limits withMaxRequestBodyBytes(long value) {
        return toBuilder().maxRequestBodyBytes(value).build();
    }

    /** These limits with another TLS handshake timeout. */
    public Limits withHandshakeTimeout(Duration value) {
        return toBuilder().handshakeTimeout(value).build();
    }

    private static void positive(long value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    /** Collects limits; what is not set keeps the value it was built from. */
    public static final class Builder {
        private int maxInitialLineBytes;
        private int maxHeaderBytes;
        private long maxRequestBodyBytes;
        private int maxResponseHeaderBytes;
        private Duration handshakeTimeout;
        private Duration idleTimeout;
        private Duration connectTimeout;
        private int maxConcurrentTunnels;
        private Duration decisionTimeout;
        private Duration requestHeadTimeout;
        private long minRequestBodyBytesPerSecond;
        private Duration requestBodyRateWindow;
        private int maxConnectionsPerClient;
        private int maxCaptureBodyBytes;
        private int maxConcurrentStreams;
        private int maxStreamResets;
        private Duration streamResetWindow;

        private Builder(Limits from) {
            maxInitialLineBytes = from.maxInitialLineBytes;
            maxHeaderBytes = from.maxHeaderBytes;
            maxRequestBodyBytes = from.maxRequestBodyBytes;
            maxResponseHeaderBytes = from.maxResponseHeaderBytes;
            handshakeTimeout = from.handshakeTimeout;
            idleTimeout = from.idleTimeout;
            connectTimeout = from.connectTimeout;
            maxConcurrentTunnels = from.maxConcurrentTunnels;
            decisionTimeout = from.decisionTimeout;
            requestHeadTimeout = from.requestHeadTimeout;
            minRequestBodyBytesPerSecond = from.minRequestBodyBytesPerSecond;
            requestBodyRateWindow = from.requestBodyRateWindow;
            maxConnectionsPerClient = from.maxConnectionsPerClient;
            maxCaptureBodyBytes = from.maxCaptureBodyBytes;
            maxConcurrentStreams = from.maxConcurrentStreams;
            maxStreamResets = from.maxStreamResets;
            streamResetWindow = from.streamResetWindow;
        }

        public Builder maxInitialLineBytes(int value) {
            maxInitialLineBytes = value;
            return this;
        }

        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        public Builder maxResponseHeaderBytes(int value) {
            maxResponseHeaderBytes = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            connectTimeout = value;
            return this;
        }

        public Builder decisionTimeout(Duration value) {
            decisionTimeout = value;
            return this;
        }

        public Builder maxRequestBodyBytes(long value) {
            maxRequestBodyBytes = value;
            return this;
        }

        public Builder handshakeTimeout(Duration value) {
            handshakeTimeout = value;
            return this;
        }

        public Builder idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        public Builder maxConcurrentTunnels(int value) {
            maxConcurrentTunnels = value;
            return this;
        }

        public Builder requestHeadTimeout(Duration value) {
            requestHeadTimeout = value;
            return this;
        }

        public Builder minRequestBodyBytesPerSecond(long value) {
            minRequestBodyBytesPerSecond = value;
            return this;
        }

        public Builder requestBodyRateWindow(Duration value) {
            requestBodyRateWindow = value;
            return this;
        }

        public Builder maxConnectionsPerClient(int value) {
            maxConnectionsPerClient = value;
            return this;
        }

        public Builder maxCaptureBodyBytes(int value) {
            maxCaptureBodyBytes = value;
            return this;
        }

        public Builder maxConcurrentStreams(int value) {
            maxConcurrentStreams = value;
            return this;
        }

        public Builder maxStreamResets(int value) {
            maxStreamResets = value;
            return this;
        }

        public Builder streamResetWindow(Duration value) {
            streamResetWindow = value;
            return this;
        }

        public Limits build() {
            return new Limits(
                    maxInitialLineBytes,
                    maxHeaderBytes,
                    maxRequestBodyBytes,
                    maxResponseHeaderBytes,
                    handshakeTimeout,
                    idleTimeout,
                    connectTimeout,
                    maxConcurrentTunnels,
                    decisionTimeout,
                    requestHeadTimeout,
                    minRequestBodyBytesPerSecond,
                    requestBodyRateWindow,
                    maxConnectionsPerClient,
                    maxCaptureBodyBytes,
                    maxConcurrentStreams,
                    maxStreamResets,
                    streamResetWindow);
        }
    }
}
