package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An operator's {@code --resolve HOST:PORT:ADDR[,ADDR…]} (curl's syntax): connections to
 * {@code host:port} go to these addresses, without DNS and without {@link DestinationGuard}. The
 * operator named the address explicitly, which is the one case where the vault may reach a private
 * or loopback destination (a registry mirror on the host, a test server).
 */
public record ResolvePin(CanonicalHost host, int port, List<InetAddress> addresses) {
    public ResolvePin {
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        addresses = List.copyOf(addresses);
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a pin needs at least one address");
        }
    }

    /**
     * Reads {@code HOST:PORT:ADDR[,ADDR…]}. HOST is canonicalised like any host (an IPv6 HOST in
     * brackets); each ADDR is a plain dotted-quad IPv4 address or an IPv6 address in brackets. ADDR
     * accepts none of the other IPv4 spellings hosts accept: in an operator's configuration,
     * {@code 010.0.0.1} is more likely a typo for 10.0.0.1 than a deliberate 8.0.0.1. curl's
     * {@code +} (timed) and {@code -} (removal) prefixes and the {@code *} wildcard host are refused.
     */
    public static ParseResult<ResolvePin> parse(String spec) {
        requireNonNull(spec, "spec");
        String quoted = "--resolve " + spec + ": ";
        if (spec.startsWith("+") || spec.startsWith("-")) {
            return new ParseResult.Invalid<>(quoted + "the + and - prefixes are not supported");
        }
        int hostEnd;
        if (spec.startsWith("[")) {
            int close = spec.indexOf(']');
            if (close < 0 || close + 1 >= spec.length() || spec.charAt(close + 1) != ':') {
                return new ParseResult.Invalid<>(quoted + "expected HOST:PORT:ADDR, with an IPv6 HOST in brackets");
            }
            hostEnd = close + 1;
        } else {
            hostEnd = spec.indexOf(':');
        }
        int portEnd = hostEnd < 0 ? -1 : spec.indexOf(':', hostEnd + 1);
        if (hostEnd < 0 || portEnd < 0) {
            return new ParseResult.Invalid<>(quoted + "expected HOST:PORT:ADDR");
        }
        String hostText = spec.substring(0, hostEnd);
        if (hostText.equals("*")) {
            return new ParseResult.Invalid<>(quoted + "a wildcard HOST is not supported; pin each host");
        }
        CanonicalHost host;
        switch (CanonicalHost.parse(hostText)) {
            case ParseResult.Ok<CanonicalHost> ok -> host = ok.value();
            case ParseResult.Invalid<CanonicalHost> bad -> {
                return new ParseResult.Invalid<>(quoted + "HOST: " + bad.reason());
            }
        }
        int port = HostSyntax.port(spec.substring(hostEnd + 1, portEnd));
        if (port < 0) {
            return new ParseResult.Invalid<>(quoted + "PORT must be a number from 1 to 65535");
        }
        String list = spec.substring(portEnd + 1);
        if (list.isEmpty()) {
            return new ParseResult.Invalid<>(quoted + "no ADDR given");
        }
        List<InetAddress> addresses = new ArrayList<>();
        for (String addr : list.split(",", -1)) {
            byte[] bytes = address(addr);
            if (bytes == null) {
                return new ParseResult.Invalid<>(quoted + "ADDR \"" + addr
                        + "\" is neither a dotted-quad IPv4 address nor an IPv6 address in brackets");
            }
            try {
                addresses.add(InetAddress.getByAddress(host.name(), bytes));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a literal of 4 or 16 bytes is always an address", e);
            }
        }
        return new ParseResult.Ok<>(new ResolvePin(host, port, addresses));
    }

    private static byte @Nullable [] address(String text) {
        if (text.length() > 2 && text.startsWith("[") && text.endsWith("]")) {
            String inner = text.substring(1, text.length() - 1);
            return inner.indexOf('%') >= 0 ? null : IpLiterals.parseIpv6(inner);
        }
        long v4 = IpLiterals.parseStrictDottedQuad(text);
        return v4 < 0 ? null : IpLiterals.ipv4Bytes(v4);
    }

    /** The key connections are matched on. */
    public HostAndPort target() {
        return new HostAndPort(host, port);
    }
}
