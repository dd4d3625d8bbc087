package dev.lap.vault.credentials;

import com.google.common.net.InternetDomainName;
import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.ParseResult;
import java.util.Objects;

/**
 * A host a credential is bound to: an exact name, or {@code *.suffix}, which matches exactly one
 * more label in front of the suffix ({@code *.example.com} matches {@code a.example.com}, but
 * neither {@code example.com} nor {@code a.b.example.com}), as a TLS wildcard certificate does.
 * One label is the narrower choice: a binding should not silently grow to every host an upstream
 * may ever create below it; list another pattern for each deeper level that needs the credential.
 *
 * <p>Names are read by {@link CanonicalHost#parse}, the same reader the proxy uses for request
 * hosts, so a binding and a destination can only match when both name the same host: lower case,
 * ASCII (IDNs as punycode, the IDNA deviation characters refused), IPv4 in dotted-quad form, no
 * trailing dot, no port.
 *
 * <p>A wildcard on a public suffix is refused: one whose suffix is a single label (the Public
 * Suffix List's default rule makes every top-level label a suffix) or is on the Public Suffix List,
 * its ICANN and its private part alike ({@code co.uk}, {@code github.io},
 * {@code githubusercontent.com}), as Guava's {@link InternetDomainName} carries it.
 */
public record HostPattern(String name, boolean wildcard) {

    public HostPattern {
        Objects.requireNonNull(name, "name");
    }

    /**
     * Reads an operator-written pattern.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static HostPattern parse(String text) {
        String raw = text.trim();
        if (raw.isEmpty()) {
            throw new IllegalArgumentException("a host is empty");
        }
        if (raw.equals("*")) {
            throw new IllegalArgumentException("a bare `*` would bind the credential to every host; list the hosts");
        }
        if (raw.contains("://") || raw.contains("/")) {
            throw new IllegalArgumentException(
                    "`" + raw + "` is not a host: write the name alone, without scheme or path");
        }
        if (raw.contains(":") || raw.contains("[")) {
            throw new IllegalArgumentException("`" + raw
                    + "` has a port or is an IPv6 literal; a binding is a host name (or IPv4 address), without port");
        }
        boolean wildcard = raw.startsWith("*.");
        String rest = wildcard ? raw.substring(2) : raw;
        if (rest.contains("*")) {
            throw new IllegalArgumentException(
                    "`" + raw + "`: `*` is allowed only as the whole first label, as in `*.example.com`");
        }
        CanonicalHost host = switch (CanonicalHost.parse(rest)) {
            case ParseResult.Ok<CanonicalHost> ok -> ok.value();
            case ParseResult.Invalid<CanonicalHost> bad ->
                throw new IllegalArgumentException("`" + raw + "` is not a valid host name (" + bad.reason() + ")");
        };
        if (wildcard) {
            refusePublicSuffix(host, raw);
        }
        return new HostPattern(host.name(), wildcard);
    }

    private static void refusePublicSuffix(CanonicalHost suffix, String raw) {
        if (suffix.kind() != CanonicalHost.Kind.DNS) {
            throw new IllegalArgumentException("`" + raw + "`: a wildcard needs a domain name, not an address");
        }
        if (isPublicSuffix(suffix.name())) {
            throw new IllegalArgumentException("`" + raw + "` is a wildcard on a public suffix (anyone can register a"
                    + " name under `" + suffix.name() + "`); bind the credential to the hosts you mean");
        }
    }

    /** A single label, or a name on the Public Suffix List (ICANN or private section). */
    static boolean isPublicSuffix(String canonicalName) {
        return canonicalName.indexOf('.') < 0
                || !InternetDomainName.isValid(canonicalName)
                || InternetDomainName.from(canonicalName).isPublicSuffix();
    }

    /**
     * True if {@code host} is in this binding. It must be canonical ({@link CanonicalHost#name()}):
     * the proxy passes the destination it computed, so any other spelling, or a port, never matches.
     */
    public boolean matches(String host) {
        if (!wildcard) {
            return host.equals(name);
        }
        int dot = host.indexOf('.');
        return dot > 0 && host.startsWith(name, dot + 1) && host.length() == dot + 1 + name.length();
    }

    @Override
    public String toString() {
        return wildcard ? "*." + name : name;
    }
}
