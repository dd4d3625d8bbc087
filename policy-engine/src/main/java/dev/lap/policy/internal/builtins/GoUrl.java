package dev.lap.policy.internal.builtins;

import java.nio.charset.StandardCharsets;

/**
 * A URL as Go's {@code net/url.Parse} reads it, which is what {@code uri.parse} and {@code
 * uri.is_valid} answer with in OPA: which inputs are refused, the error texts, how the host and
 * path are unescaped and when {@code RawPath} is kept all follow that parser.
 *
 * <p>Go parses bytes, not characters. The parser therefore works on a Latin-1 view of the UTF-8
 * bytes (one {@code char} per byte), so that every check looks at exactly the bytes Go looks at,
 * and converts back to UTF-8 text at the edges.
 *
 * @param rawPath the path as written, kept only when Go's default escaping of {@code path} would
 *     not reproduce it
 */
record GoUrl(String scheme, String opaque, String host, String path, String rawPath, String rawQuery, String fragment) {

    /** Go's {@code *url.Error}, already rendered: {@code parse "<url>": <reason>}. */
    static final class UrlException extends Exception {
        private static final long serialVersionUID = 1L;

        UrlException(String message) {
            super(message, null, false, false);
        }
    }

    /** The reason alone; {@link #parse} adds the {@code parse "<url>": } prefix Go's error has. */
    private static final class Reason extends Exception {
        private static final long serialVersionUID = 1L;

        Reason(String message) {
            super(message, null, false, false);
        }
    }

    /** The component being unescaped or escaped, as Go's {@code encoding} mode. */
    private enum Mode {
        PATH,
        USER_PASSWORD,
        HOST,
        ZONE,
        FRAGMENT
    }

    static GoUrl parse(String text) throws UrlException {
        String raw = bytes(text);
        int hash = raw.indexOf('#');
        String beforeFragment = hash < 0 ? raw : raw.substring(0, hash);
        GoUrl url;
        try {
            url = parseWithoutFragment(beforeFragment);
        } catch (Reason e) {
            throw error(beforeFragment, e);
        }
        if (hash < 0) {
            return url;
        }
        String frag = raw.substring(hash + 1);
        try {
            String fragment = unescape(frag, Mode.FRAGMENT);
            return new GoUrl(url.scheme, url.opaque, url.host, url.path, url.rawPath, url.rawQuery, text(fragment));
        } catch (Reason e) {
            throw error(raw, e);
        }
    }

    /** Go's {@code URL.Hostname()}: the host without a valid {@code :port} and without IPv6 brackets. */
    String hostname() {
        return splitHostPort()[0];
    }

    /** Go's {@code URL.Port()}: the digits after the host's last colon, if they are a valid port. */
    String port() {
        return splitHostPort()[1];
    }

    private String[] splitHostPort() {
        String h = host;
        String port = "";
        int colon = h.lastIndexOf(':');
        if (colon >= 0 && validOptionalPort(h.substring(colon))) {
            port = h.substring(colon + 1);
            h = h.substring(0, colon);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return new String[] {h, port};
    }

    private static UrlException error(String url, Reason reason) {
        return new UrlException("parse " + GoFormat.quote(text(url)) + ": " + reason.getMessage());
    }

    private static GoUrl parseWithoutFragment(String raw) throws Reason {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Reason("net/url: invalid control character in URL");
            }
        }
        if (raw.equals("*")) {
            return new GoUrl("", "", "", "*", "", "", "");
        }
        String scheme = "";
        String rest = raw;
        int schemeEnd = schemeEnd(raw);
        if (schemeEnd == 0) {
            throw new Reason("missing protocol scheme");
        }
        if (schemeEnd > 0) {
            scheme = raw.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
            rest = raw.substring(schemeEnd + 1);
        }
        String rawQuery = "";
        if (rest.endsWith("?") && rest.indexOf('?') == rest.length() - 1) {
            // Go's ForceQuery: a lone trailing "?" leaves an empty query.
            rest = rest.substring(0, rest.length() - 1);
        } else {
            int q = rest.indexOf('?');
            if (q >= 0) {
                rawQuery = text(rest.substring(q + 1));
                rest = rest.substring(0, q);
            }
        }
        if (!rest.startsWith("/")) {
            if (!scheme.isEmpty()) {
                // A rootless path after a scheme is opaque (mailto:user@example.com).
                return new GoUrl(scheme, text(rest), "", "", "", rawQuery, "");
            }
            int slash = rest.indexOf('/');
            String segment = slash < 0 ? rest : rest.substring(0, slash);
            if (segment.contains(":")) {
                throw new Reason("first path segment in URL cannot contain colon");
            }
        }
        String host = "";
        if ((!scheme.isEmpty() || !rest.startsWith("///")) && rest.startsWith("//")) {
            String authority = rest.substring(2);
            int slash = authority.indexOf('/');
            rest = slash < 0 ? "" : authority.substring(slash);
            if (slash >= 0) {
                authority = authority.substring(0, slash);
            }
            host = parseAuthority(authority);
        }
        String path = unescape(rest, Mode.PATH);
        String rawPath = escape(path, Mode.PATH).equals(rest) ? "" : rest;
        return new GoUrl(scheme, "", text(host), text(path), text(rawPath), rawQuery, "");
    }

    /**
     * The index of the colon ending a scheme, -1 when there is none, 0 when the text starts with a
     * colon (Go's "missing protocol scheme").
     */
    private static int schemeEnd(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
                continue;
            }
            if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
                if (i == 0) {
                    return -1;
                }
                continue;
            }
            return c == ':' ? i : -1;
        }
        return -1;
    }

    /** Checks the userinfo (Go validates it even though OPA does not return it) and parses the host. */
    private static String parseAuthority(String authority) throws Reason {
        int at = authority.lastIndexOf('@');
        String host = parseHost(at < 0 ? authority : authority.substring(at + 1));
        if (at < 0) {
            return host;
        }
        String userinfo = authority.substring(0, at);
        if (!validUserinfo(userinfo)) {
            throw new Reason("net/url: invalid userinfo");
        }
        int colon = userinfo.indexOf(':');
        if (colon < 0) {
            unescape(userinfo, Mode.USER_PASSWORD);
        } else {
            unescape(userinfo.substring(0, colon), Mode.USER_PASSWORD);
            unescape(userinfo.substring(colon + 1), Mode.USER_PASSWORD);
        }
        return host;
    }

    private static String parseHost(String host) throws Reason {
        if (host.startsWith("[")) {
            // An IP literal (RFC 3986, with RFC 6874's %25 zone): [fe80::1%25en0]:80.
            int close = host.lastIndexOf(']');
            if (close < 0) {
                throw new Reason("missing ']' in host");
            }
            String colonPort = host.substring(close + 1);
            if (!validOptionalPort(colonPort)) {
                throw new Reason("invalid port " + GoFormat.quote(text(colonPort)) + " after host");
            }
            int zone = host.substring(0, close).indexOf("%25");
            if (zone >= 0) {
                return unescape(host.substring(0, zone), Mode.HOST)
                        + unescape(host.substring(zone, close), Mode.ZONE)
                        + unescape(host.substring(close), Mode.HOST);
            }
        } else {
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                String colonPort = host.substring(colon);
                if (!validOptionalPort(colonPort)) {
                    throw new Reason("invalid port " + GoFormat.quote(text(colonPort)) + " after host");
                }
            }
        }
        return unescape(host, Mode.HOST);
    }

    /** Only ASCII digits: a Unicode-aware digit test would accept U+0663 and friends. */
    private static boolean validOptionalPort(String port) {
        if (port.isEmpty()) {
            return true;
        }
        if (port.charAt(0) != ':') {
            return false;
        }
        for (int i = 1; i < port.length(); i++) {
            char c = port.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean validUserinfo(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || "-._:~!$&'()*+,;=%@".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String unescape(String s, Mode mode) throws Reason {
        for (int i = 0; i < s.length(); ) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || hex(s.charAt(i + 1)) < 0 || hex(s.charAt(i + 2)) < 0) {
                    throw escapeError(s.substring(i, Math.min(s.length(), i + 3)));
                }
                String escape = s.substring(i, i + 3);
                // RFC 3986 §3.2.2: in a host, escapes may only encode non-ASCII bytes, except
                // RFC 6874's %25 before a zone. Decoding exa%6dple.com would silently rename it.
                if (mode == Mode.HOST && hex(s.charAt(i + 1)) < 8 && !escape.equals("%25")) {
                    throw escapeError(escape);
                }
                if (mode == Mode.ZONE) {
                    char v = (char) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2)));
                    if (!escape.equals("%25") && v != ' ' && shouldEscape(v, Mode.HOST)) {
                        throw escapeError(escape);
                    }
                }
                i += 3;
            } else {
                if ((mode == Mode.HOST || mode == Mode.ZONE) && c < 0x80 && shouldEscape(c, mode)) {
                    throw new Reason("invalid character " + GoFormat.quote(String.valueOf(c)) + " in host name");
                }
                i++;
            }
        }
        if (s.indexOf('%') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                sb.append((char) (hex(s.charAt(i + 1)) << 4 | hex(s.charAt(i + 2))));
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static Reason escapeError(String escape) {
        return new Reason("invalid URL escape " + GoFormat.quote(text(escape)));
    }

    private static String escape(String s, Mode mode) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (shouldEscape(c, mode)) {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
                sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Go's {@code shouldEscape}: RFC 3986's rules per component, with Go's own exceptions. */
    private static boolean shouldEscape(char c, Mode mode) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return false;
        }
        if (mode == Mode.HOST || mode == Mode.ZONE) {
            // Sub-delims, plus ':' and brackets for the port and IPv6 literals, plus the few
            // characters Go leaves alone because escaping them would make the host unparseable.
            if ("!$&'()*+,;=:[]<>\"".indexOf(c) >= 0) {
                return false;
            }
        }
        if ("-_.~".indexOf(c) >= 0) {
            return false;
        }
        if ("$&+,/:;=?@".indexOf(c) >= 0) {
            return switch (mode) {
                case PATH -> c == '?';
                case USER_PASSWORD -> c == '@' || c == '/' || c == '?' || c == ':';
                case FRAGMENT -> false;
                case HOST, ZONE -> true;
            };
        }
        if (mode == Mode.FRAGMENT && "!()*".indexOf(c) >= 0) {
            return false;
        }
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** The Latin-1 view of a string's UTF-8 bytes: one char per byte, as Go indexes strings. */
    private static String bytes(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** Back from the byte view to text. */
    private static String text(String byteView) {
        return new String(byteView.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
