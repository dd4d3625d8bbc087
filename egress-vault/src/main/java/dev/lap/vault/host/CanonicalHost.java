package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A host in the one spelling the vault uses everywhere: the policy's {@code input.request.host},
 * the name on the leaf certificate, the key of a {@code --resolve} pin and the name resolved.
 *
 * <ul>
 *   <li>{@link Kind#DNS}: lower-case ASCII, IDNs as punycode ({@code xn--bcher-kva.de}), no
 *       trailing dot.
 *   <li>{@link Kind#IPV4}: dotted-quad decimal ({@code 127.0.0.1}), whatever form it was written in.
 *   <li>{@link Kind#IPV6}: RFC 5952 text without brackets ({@code ::1}, {@code ::ffff:127.0.0.1}).
 * </ul>
 *
 * <p>Obtain one from {@link #parse(String)}. The constructor refuses a literal that is not in its
 * canonical text and a DNS name outside lower-case letters, digits, hyphens and dots; the label rules
 * are {@code parse}'s.
 */
public record CanonicalHost(String name, Kind kind) {

    /** What a host names: a DNS name to resolve, or an address literal to dial as written. */
    public enum Kind {
        DNS,
        IPV4,
        IPV6
    }

    public CanonicalHost {
        requireNonNull(name, "name");
        requireNonNull(kind, "kind");
        boolean canonical = switch (kind) {
            case DNS ->
                !name.isEmpty()
                        && !name.endsWith(".")
                        && name.chars().allMatch(CanonicalHost::isLdhOrDot)
                        && !IpLiterals.endsInNumber(name);
            case IPV4 -> {
                long address = IpLiterals.parseIpv4(name);
                yield address >= 0 && IpLiterals.formatIpv4(address).equals(name);
            }
            case IPV6 -> {
                byte[] bytes = IpLiterals.parseIpv6(name);
                yield bytes != null && IpLiterals.formatIpv6(bytes).equals(name);
            }
        };
        if (!canonical) {
            throw new IllegalArgumentException("not a canonical " + kind + " host; use CanonicalHost.parse");
        }
    }

    /**
     * Reads a host as it appears in a URL, a {@code Host} header (without port), an SNI or a
     * CONNECT target: case-folded, one trailing dot dropped, Unicode turned into punycode, every
     * IPv4 spelling a client might use read as that address, IPv6 with or without brackets.
     *
     * @see HostSyntax for what is refused and why
     */
    public static ParseResult<CanonicalHost> parse(String host) {
        return HostSyntax.canonicalize(requireNonNull(host, "host"));
    }

    /** The host as it is written in a URL or an authority: IPv6 in brackets, everything else as is. */
    public String uriHost() {
        return kind == Kind.IPV6 ? "[" + name + "]" : name;
    }

    /** Whether the host is an address literal, which is dialled without a DNS lookup. */
    public boolean isLiteral() {
        return kind != Kind.DNS;
    }

    /**
     * The address of a literal host, or empty for a DNS name. An IPv4-mapped IPv6 literal comes back
     * as the {@link java.net.Inet4Address} it maps, which is where a dual-stack socket would connect.
     */
    public Optional<InetAddress> literalAddress() {
        byte[] bytes = switch (kind) {
            case DNS -> null;
            case IPV4 -> IpLiterals.ipv4Bytes(IpLiterals.parseIpv4(name));
            case IPV6 -> IpLiterals.parseIpv6(name);
        };
        if (bytes == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal of 4 or 16 bytes is always an address", e);
        }
    }

    private static boolean isLdhOrDot(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    }

    @Override
    public String toString() {
        return uriHost();
    }
}
