package dev.lap.vault.credentials;

import dev.lap.vault.uri.PercentEncoding;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A raw query string split into parameters that keep their raw text, so a rewrite touches only
 * the parameter it changes and every other byte of the query goes upstream as the client sent it.
 */
final class QueryString {
    /** One {@code name[=value]} part; {@code rawValue} is null when there is no {@code =}. */
    record Param(String rawName, @Nullable String rawValue) {
        String name() {
            return decode(rawName);
        }

        String value() {
            return rawValue == null ? "" : decode(rawValue);
        }

        String raw() {
            return rawValue == null ? rawName : rawName + "=" + rawValue;
        }
    }

    private QueryString() {}

    static List<Param> parse(String rawQuery) {
        List<Param> params = new ArrayList<>();
        for (String part : rawQuery.split("&", -1)) {
            int eq = part.indexOf('=');
            params.add(eq < 0 ? new Param(part, null) : new Param(part.substring(0, eq), part.substring(eq + 1)));
        }
        return params;
    }

    static String join(List<Param> params) {
        List<String> parts = new ArrayList<>(params.size());
        for (Param p : params) {
            parts.add(p.raw());
        }
        return String.join("&", parts);
    }

    /** Percent-decodes as a form would ({@code +} is a space); a malformed escape stays literal. */
    static String decode(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '+') {
                out.write(' ');
            } else if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                out.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (PercentEncoding.unreserved(c)) {
                sb.append((char) c);
            } else {
                PercentEncoding.appendEscaped(sb, c);
            }
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
