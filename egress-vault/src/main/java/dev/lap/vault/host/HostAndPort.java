package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

/** A canonical host and a port: where a CONNECT or a {@code Host} header says to go. */
public record HostAndPort(CanonicalHost host, int port) {
    public HostAndPort {
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Reads {@code host[:port]} (a CONNECT target, a {@code Host} header value), with
     * {@code defaultPort} when none is written: 443 for CONNECT and https, 80 for http. IPv6 must
     * be in brackets; the port is plain decimal 1–65535 with no leading zero. Surrounding
     * whitespace is refused: trimming HTTP's optional whitespace is the header parser's job.
     */
    public static ParseResult<HostAndPort> parse(String authority, int defaultPort) {
        requireNonNull(authority, "authority");
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("default port out of range: " + defaultPort);
        }
        return HostSyntax.authority(authority, defaultPort);
    }

    /** {@code host:port} with IPv6 in brackets, as a CONNECT line or a {@code Host} header writes it. */
    public String authority() {
        return host.uriHost() + ":" + port;
    }

    @Override
    public String toString() {
        return authority();
    }
}
