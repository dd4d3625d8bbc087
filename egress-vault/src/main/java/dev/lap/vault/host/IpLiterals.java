package dev.lap.vault.host;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reading and writing IP address literals. IPv4 is read as the WHATWG URL standard reads a host
 * (the same forms {@code inet_aton} accepts: one to four parts, each decimal, octal with a leading
 * {@code 0} or hexadecimal with {@code 0x}), because that is how browsers, curl and most HTTP
 * libraries in a sandbox read them: a host the vault took for a DNS name could otherwise reach an
 * address the policy never saw. IPv6 is read as RFC 4291 writes it and written as RFC 5952 says.
 */
final class IpLiterals {
    private static final long IPV4_MAX = 0xFFFF_FFFFL;

    private IpLiterals() {}

    /**
     * Whether the host must be read as an IPv4 address (WHATWG "ends in a number"): its last label
     * (after one trailing dot) is all digits or {@code 0x} and hex digits. Such a host is never a
     * DNS name, even when it is not a valid address: {@code foo.09} is refused, not resolved.
     */
    static boolean endsInNumber(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = h.substring(h.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (last.chars().allMatch(IpLiterals::isDigit)) {
            return true;
        }
        return (last.startsWith("0x") || last.startsWith("0X"))
                && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    /**
     * The IPv4 address an ASCII host spells in any WHATWG form ({@code 127.1}, {@code 0x7f.0.0.1},
     * {@code 0177.0.0.1}, {@code 2130706433}), or -1 when it is not one. One trailing dot is allowed.
     */
    static long parseIpv4(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String[] parts = h.split("\\.", -1);
        if (parts.length > 4) {
            return -1;
        }
        long[] numbers = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = parseIpv4Number(parts[i]);
            if (numbers[i] < 0) {
                return -1;
            }
        }
        long address = 0;
        for (int i = 0; i < numbers.length - 1; i++) {
            if (numbers[i] > 255) {
                return -1;
            }
            address |= numbers[i] << (8 * (3 - i));
        }
        long last = numbers[numbers.length - 1];
        // The last part fills the bytes the earlier parts left: 32, 24, 16 or 8 bits.
        if (last >= (1L << (8 * (5 - numbers.length)))) {
            return -1;
        }
        return address | last;
    }

    /** One part of an IPv4 literal, or -1; values past 2^32 stop early so nothing overflows. */
    private static long parseIpv4Number(String part) {
        if (part.isEmpty()) {
            return -1;
        }
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            digits = part.substring(1);
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = Character.digit(digits.charAt(i), radix);
            // Character.digit accepts non-ASCII digits (Arabic-Indic, fullwidth): not here.
            if (d < 0 || digits.charAt(i) > 'z') {
                return -1;
            }
            value = value * radix + d;
            if (value > IPV4_MAX) {
                return -1;
            }
        }
        return value;
    }

    static String formatIpv4(long address) {
        return ((address >>> 24) & 0xFF) + "." + ((address >>> 16) & 0xFF) + "." + ((address >>> 8) & 0xFF) + "."
                + (address & 0xFF);
    }

    /** The canonical text of 4 or 16 address bytes. */
    static String format(byte[] bytes) {
        if (bytes.length == 4) {
            return formatIpv4(((bytes[0] & 0xFFL) << 24)
                    | ((bytes[1] & 0xFFL) << 16)
                    | ((bytes[2] & 0xFFL) << 8)
                    | (bytes[3] & 0xFFL));
        }
        return formatIpv6(bytes);
    }

    static byte[] ipv4Bytes(long address) {
        return new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /**
     * The 16 bytes of an IPv6 literal without brackets, or null. Accepts hex groups of one to four
     * digits, one {@code ::}, and a dotted-quad tail in strict decimal (no leading zeros, as in
     * WHATWG and {@code inet_pton}). Zone identifiers ({@code %eth0}) are not addresses: refused.
     */
    static byte @Nullable [] parseIpv6(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        int[] groups = new int[8];
        int count = 0;
        int compressAt = -1;
        int i = 0;
        int n = text.length();
        if (text.startsWith("::")) {
            compressAt = 0;
            i = 2;
            if (n == 2) {
                return new byte[16];
            }
        } else if (text.charAt(0) == ':') {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int value = 0;
            while (i < n && i - start < 5 && Character.digit(text.charAt(i), 16) >= 0 && text.charAt(i) <= 'f') {
                value = value * 16 + Character.digit(text.charAt(i), 16);
                i++;
            }
            if (i < n && text.charAt(i) == '.') {
                // A dotted-quad tail takes the last two groups.
                if (count > 6) {
                    return null;
                }
                long v4 = parseStrictDottedQuad(text.substring(start));
                if (v4 < 0) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xFFFF);
                i = n;
                break;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = value;
            if (i == n) {
                break;
            }
            if (text.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && text.charAt(i) == ':') {
                if (compressAt >= 0) {
                    return null;
                }
                compressAt = count;
                i++;
            } else if (i == n) {
                return null;
            }
        }
        int[] full = new int[8];
        if (compressAt >= 0) {
            if (count == 8) {
                return null;
            }
            System.arraycopy(groups, 0, full, 0, compressAt);
            System.arraycopy(groups, compressAt, full, 8 - (count - compressAt), count - compressAt);
        } else if (count == 8) {
            full = groups;
        } else {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int g = 0; g < 8; g++) {
            bytes[2 * g] = (byte) (full[g] >>> 8);
            bytes[2 * g + 1] = (byte) full[g];
        }
        return bytes;
    }

    /** Four decimal parts 0–255 with no leading zeros, or -1: the only IPv4 form inside IPv6 text. */
    static long parseStrictDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long address = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return -1;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                if (!isDigit(p.charAt(k))) {
                    return -1;
                }
                v = v * 10 + (p.charAt(k) - '0');
            }
            if (v > 255) {
                return -1;
            }
            address = (address << 8) | v;
        }
        return address;
    }

    /**
     * RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups (the
     * first on a tie) as {@code ::}. IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible
     * ({@code ::a.b.c.d}) addresses keep their IPv4 tail dotted (RFC 5952 section 5), as
     * {@code inet_ntop} writes them, so a reader sees which IPv4 address they carry.
     */
    static String formatIpv6(byte[] bytes) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        boolean firstFiveZero = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0;
        long tail = ((long) g[6] << 16) | g[7];
        if (firstFiveZero && g[5] == 0xFFFF) {
            return "::ffff:" + formatIpv4(tail);
        }
        if (firstFiveZero && g[5] == 0 && g[6] != 0) {
            return "::" + formatIpv4(tail);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
