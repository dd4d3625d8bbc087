package dev.lap.vault.host;

import java.net.IDN;
import java.util.Locale;

/**
 * The rules that turn untrusted host text into a {@link CanonicalHost}, and authority text into a
 * {@link HostAndPort}. Decisions, each refusing what two readers could take for different hosts:
 *
 * <ul>
 *   <li>Names follow STD3 (letters, digits, hyphens; no hyphen first or last in a label), so
 *       {@code _} is refused: public CAs stopped issuing certificates for names with underscores in
 *       2019 (CA/B Forum ballot SC12), so such a destination could not be verified upstream anyway,
 *       and {@code %}, spaces, {@code @} or {@code /} in a host are smuggling shapes, never names.
 *   <li>Unicode becomes punycode with {@link IDN#toASCII} (IDNA2003 with STD3 rules). Browsers use
 *       UTS 46 (IDNA2008), which differs from IDNA2003 only on the four "deviation" characters
 *       ß, ς, ZWJ and ZWNJ: a name holding one is refused rather than mapped to a host the client
 *       did not mean. {@code xn--} labels must be valid punycode that round-trips.
 *   <li>A name whose last label is numeric is an IPv4 literal in some form or invalid, never a DNS
 *       name (WHATWG URL), so {@code 0x7f.1} is 127.0.0.1 and {@code 1.2.3.09} is refused.
 *   <li>IPv6 zone identifiers ({@code fe80::1%eth0}) name an interface of the vault's own machine:
 *       refused.
 * </ul>
 */
final class HostSyntax {
    /** Longer input cannot become a 253-character name; stop before IDN processing spends time on it. */
    private static final int MAX_INPUT = 1024;

    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private HostSyntax() {}

    static ParseResult<CanonicalHost> canonicalize(String input) {
        if (input.isEmpty()) {
            return invalid("empty host");
        }
        if (input.length() > MAX_INPUT) {
            return invalid("host is too long");
        }
        if (input.charAt(0) == '[') {
            if (input.charAt(input.length() - 1) != ']') {
                return invalid("unterminated IPv6 literal");
            }
            return ipv6(input.substring(1, input.length() - 1));
        }
        if (input.indexOf(':') >= 0) {
            // No name holds a colon: a host with a port, or IPv6 without brackets (as SNI never
            // carries one, but a CONNECT line split by a careless caller might).
            return ipv6(input);
        }
        if (input.chars().anyMatch(HostSyntax::isDeviation)) {
            return invalid("host holds a character IDNA2003 and IDNA2008 map differently (ß, ς, ZWJ or ZWNJ)");
        }
        String ascii;
        try {
            ascii = IDN.toASCII(input, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return invalid("not a valid host name (" + e.getMessage() + ")");
        }
        if (ascii.isEmpty() || ascii.equals(".")) {
            return invalid("empty host");
        }
        if (IpLiterals.endsInNumber(ascii)) {
            long address = IpLiterals.parseIpv4(ascii);
            if (address < 0) {
                return invalid("host looks like an IPv4 address but is not a valid one");
            }
            return ok(IpLiterals.formatIpv4(address), CanonicalHost.Kind.IPV4);
        }
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        return dnsName(name);
    }

    private static ParseResult<CanonicalHost> dnsName(String name) {
        if (name.length() > MAX_NAME) {
            return invalid("host name is longer than 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return invalid("host name has an empty label");
            }
            if (label.length() > MAX_LABEL) {
                return invalid("host name has a label longer than 63 characters");
            }
            if (!label.chars().allMatch(HostSyntax::isLdh) || label.startsWith("-") || label.endsWith("-")) {
                return invalid("host name has a label outside letters, digits and inner hyphens");
            }
            if (label.startsWith("xn--") && !validPunycode(label)) {
                return invalid("host name has an xn-- label that is not valid punycode");
            }
        }
        return ok(name, CanonicalHost.Kind.DNS);
    }

    private static ParseResult<CanonicalHost> ipv6(String text) {
        if (text.indexOf('%') >= 0) {
            return invalid("IPv6 zone identifiers are not allowed");
        }
        byte[] bytes = IpLiterals.parseIpv6(text);
        if (bytes == null) {
            return invalid("host has a colon but is not a valid IPv6 address");
        }
        return ok(IpLiterals.formatIpv6(bytes), CanonicalHost.Kind.IPV6);
    }

    /**
     * {@code host[:port]} as a CONNECT target or a {@code Host} header carries it. IPv6 must be in
     * brackets here ({@code ::1:443} has no single reading), userinfo is refused, and the port is
     * decimal digits without a sign or leading zero, 1 to 65535: a port written two ways is a way
     * to make the policy and the dialler disagree.
     */
    static ParseResult<HostAndPort> authority(String input, int defaultPort) {
        if (input.isEmpty()) {
            return new ParseResult.Invalid<>("empty authority");
        }
        if (input.indexOf('@') >= 0) {
            return new ParseResult.Invalid<>("authority must not carry userinfo");
        }
        String host;
        String port;
        if (input.charAt(0) == '[') {
            int close = input.indexOf(']');
            if (close < 0) {
                return new ParseResult.Invalid<>("unterminated IPv6 literal");
            }
            host = input.substring(0, close + 1);
            String rest = input.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.charAt(0) == ':') {
                port = rest.substring(1);
            } else {
                return new ParseResult.Invalid<>("unexpected text after IPv6 literal");
            }
        } else {
            int colon = input.indexOf(':');
            if (colon >= 0 && input.indexOf(':', colon + 1) >= 0) {
                return new ParseResult.Invalid<>("IPv6 address in an authority must be in brackets");
            }
            host = colon < 0 ? input : input.substring(0, colon);
            port = colon < 0 ? null : input.substring(colon + 1);
        }
        int portNumber = defaultPort;
        if (port != null) {
            portNumber = port(port);
            if (portNumber < 0) {
                return new ParseResult.Invalid<>("port must be a number from 1 to 65535");
            }
        }
        return switch (canonicalize(host)) {
            case ParseResult.Ok<CanonicalHost> ok -> new ParseResult.Ok<>(new HostAndPort(ok.value(), portNumber));
            case ParseResult.Invalid<CanonicalHost> bad -> new ParseResult.Invalid<>(bad.reason());
        };
    }

    /** A port 1–65535 in plain decimal, or -1. */
    static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || text.charAt(0) == '0') {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 65535 ? value : -1;
    }

    /** IDN.toUnicode hands a label it cannot decode back unchanged, so "decoded" means "changed". */
    private static boolean validPunycode(String label) {
        String unicode = IDN.toUnicode(label);
        if (unicode.equals(label)) {
            return false;
        }
        try {
            return IDN.toASCII(unicode, IDN.USE_STD3_ASCII_RULES).equals(label);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isLdh(int c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    }

    private static boolean isDeviation(int c) {
        return c == 'ß' || c == 'ς' || c == '\u200C' || c == '\u200D';
    }

    private static ParseResult<CanonicalHost> ok(String name, CanonicalHost.Kind kind) {
        return new ParseResult.Ok<>(new CanonicalHost(name, kind));
    }

    private static ParseResult<CanonicalHost> invalid(String reason) {
        return new ParseResult.Invalid<>(reason);
    }
}
