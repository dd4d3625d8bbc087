package dev.lap.vault.capture;

import org.jspecify.annotations.Nullable;

/**
 * The cookie a {@code Set-Cookie} header sets, read as a user agent reads it (RFC 6265 §5.2): the
 * text before the first {@code ;} is the pair, split at its first {@code =}, white space around
 * name and value trimmed. A value in double quotes keeps them on the wire (the client sends them
 * back); the captured secret is what is between them.
 *
 * @param valueStart where the value (inside any quotes) starts in the header
 * @param valueEnd where it ends
 */
public record CookieHeader(String name, String value, int valueStart, int valueEnd) {

    /** The cookie {@code header} sets, or null when it sets none (no {@code =} before the first {@code ;}). */
    public static @Nullable CookieHeader parse(String header) {
        int semicolon = header.indexOf(';');
        int pairEnd = semicolon < 0 ? header.length() : semicolon;
        int eq = header.indexOf('=');
        if (eq < 0 || eq > pairEnd) {
            return null;
        }
        String name = header.substring(0, eq).strip();
        int start = eq + 1;
        int end = pairEnd;
        while (start < end && isBlank(header.charAt(start))) {
            start++;
        }
        while (end > start && isBlank(header.charAt(end - 1))) {
            end--;
        }
        if (end - start >= 2 && header.charAt(start) == '"' && header.charAt(end - 1) == '"') {
            start++;
            end--;
        }
        return new CookieHeader(name, header.substring(start, end), start, end);
    }

    /** {@code header} with this cookie's value replaced by {@code replacement}, every other byte kept. */
    public String withValue(String header, String replacement) {
        return header.substring(0, valueStart) + replacement + header.substring(valueEnd);
    }

    /** Never the value: it is a secret until captured. */
    @Override
    public String toString() {
        return "CookieHeader[" + name + "]";
    }

    /** An HTTP token (RFC 9110 §5.6.2), which is what a cookie name is. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
