package dev.lap.vault.uri;

/** RFC 3986 §2: the unreserved characters, and percent-encoding a byte with upper-case hex. */
public final class PercentEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PercentEncoding() {}

    /** {@code ALPHA / DIGIT / "-" / "." / "_" / "~"}: never needs encoding, and decodes to itself. */
    public static boolean unreserved(int c) {
        return (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~';
    }

    /** Appends {@code %XY} for the byte {@code b} (0-255), hex in upper case (RFC 3986 §2.1). */
    public static StringBuilder appendEscaped(StringBuilder out, int b) {
        return out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
}
