package dev.lap.policy.internal.builtins;

import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * The first PEM block in a text, as Go's {@code pem.Decode} finds it: {@code -----BEGIN T-----}
 * at the start of a line, base64 lines, {@code -----END T-----} with only blanks after it on
 * its line. {@code rest} is what follows that line.
 */
record Pem(String type, byte[] bytes, String rest) {
    private static final String BEGIN = "-----BEGIN ";
    private static final String DASHES = "-----";

    static @Nullable Pem decode(String text) {
        int from = 0;
        while (true) {
            int begin = text.startsWith(BEGIN, from) ? from : text.indexOf("\n" + BEGIN, from);
            if (begin < 0) {
                return null;
            }
            int typeStart = text.indexOf(BEGIN, begin) + BEGIN.length();
            from = typeStart;
            int eol = lineEnd(text, typeStart);
            String typeLine = trimBlanks(text.substring(typeStart, eol));
            if (!typeLine.endsWith(DASHES)) {
                continue;
            }
            String type = typeLine.substring(0, typeLine.length() - DASHES.length());
            int bodyStart = Math.min(text.length(), eol + 1);
            String endMarker = "-----END " + type + DASHES;
            int end = text.startsWith(endMarker, bodyStart) ? bodyStart : text.indexOf("\n" + endMarker, bodyStart);
            if (end < 0) {
                continue;
            }
            int markerAt = text.indexOf(endMarker, end);
            int afterMarker = markerAt + endMarker.length();
            int endEol = lineEnd(text, afterMarker);
            if (!trimBlanks(text.substring(afterMarker, endEol)).isEmpty()) {
                continue;
            }
            String body = text.substring(bodyStart, Math.max(bodyStart, end)).replaceAll("[ \t\r\n]", "");
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                continue;
            }
            String rest = endEol >= text.length() ? "" : text.substring(endEol + 1);
            return new Pem(type, bytes, rest);
        }
    }

    private static int lineEnd(String text, int from) {
        int nl = text.indexOf('\n', from);
        return nl < 0 ? text.length() : nl;
    }

    private static String trimBlanks(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
