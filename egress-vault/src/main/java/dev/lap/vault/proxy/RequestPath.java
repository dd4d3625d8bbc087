package dev.lap.vault.proxy;

import static java.util.Objects.requireNonNull;

import dev.lap.vault.uri.PercentEncoding;
import java.util.ArrayList;
import java.util.List;

/**
 * The path of a request, normalised once before anything judges it (RFC 3986 §6.2.2), so that the
 * policy, the audit trail and the upstream all see one string:
 *
 * <ol>
 *   <li>percent-encoded unreserved characters are decoded ({@code %7E} → {@code ~}, {@code %2E} →
 *       {@code .}), every other escape gets upper-case hex ({@code %2f} → {@code %2F});
 *   <li>characters a path may not hold raw ({@code "<>^`{|}}, {@code [ ]}, bytes above 127) are
 *       percent-encoded, as every server decodes them to the same bytes;
 *   <li>dot segments are removed ({@code /a/./b/../c} → {@code /a/c}), after the decoding, so
 *       {@code %2E%2E} cannot smuggle a {@code ..} past a policy that reads {@code /a/}.
 * </ol>
 *
 * <p>Refused outright: a {@code %} without two hex digits after it, control characters, and a
 * segment that is {@code .} or {@code ..} followed by {@code ;} (Tomcat and Jetty read
 * {@code /..;/} as {@code /../}). An encoded {@code /} or {@code \} ({@code %2F}, {@code %5C}) or
 * a raw {@code \} is kept as it is but makes the path {@linkplain #hasEncodedSlash ambiguous}:
 * some servers split segments there and some do not, so the vault forwards such a path only when
 * the decision opts in with {@code allow_encoded_slashes}.
 */
final class RequestPath {
    static final String ENCODED_SLASH_REFUSED = "the path holds an encoded '/' or '\\' (%2F, %5C) or a raw '\\',"
            + " which servers split differently; the policy did not allow it (allow_encoded_slashes)";

    private RequestPath() {}

    /** The normalised path, or why it was refused. */
    sealed interface Outcome {
        record Ok(String path) implements Outcome {
            public Ok {
                requireNonNull(path, "path");
            }
        }

        /** {@code reason} names the problem without quoting the request's bytes. */
        record Invalid(String reason) implements Outcome {}
    }

    /** Normalises an origin-form path ({@code /...}); {@code *} (for {@code OPTIONS *}) stays as it is. */
    static Outcome normalize(String raw) {
        if (raw.equals("*")) {
            return new Outcome.Ok(raw);
        }
        if (!raw.startsWith("/")) {
            return new Outcome.Invalid("the path must start with '/'");
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return new Outcome.Invalid("a '%' in the path is not followed by two hex digits;"
                            + " percent-encode a literal '%' as %25");
                }
                int b = hi * 16 + lo;
                if (PercentEncoding.unreserved(b)) {
                    out.append((char) b);
                } else {
                    PercentEncoding.appendEscaped(out, b);
                }
                i += 2;
            } else if (c < 0x21 || c == 0x7F || c > 0xFF) {
                return new Outcome.Invalid(
                        "the path holds a control character or a space; percent-encode it (%20 for a space)");
            } else if (PercentEncoding.unreserved(c) || allowedRaw(c) || c == '\\') {
                out.append(c);
            } else {
                PercentEncoding.appendEscaped(out, c);
            }
        }
        return removeDotSegments(out.toString());
    }

    /** Whether a normalised path holds {@code %2F}, {@code %5C} or a raw {@code \}. */
    static boolean hasEncodedSlash(String normalised) {
        return normalised.contains("%2F") || normalised.contains("%5C") || normalised.indexOf('\\') >= 0;
    }

    /** RFC 3986 §5.2.4 for a path that starts with '/'. */
    private static Outcome removeDotSegments(String path) {
        String[] segments = path.substring(1).split("/", -1);
        List<String> kept = new ArrayList<>(segments.length);
        for (int i = 0; i < segments.length; i++) {
            String s = segments[i];
            boolean last = i == segments.length - 1;
            int semicolon = s.indexOf(';');
            String bare = semicolon < 0 ? s : s.substring(0, semicolon);
            if (semicolon >= 0 && (bare.equals(".") || bare.equals(".."))) {
                return new Outcome.Invalid("a path segment '" + bare + ";' is read as '" + bare
                        + "' by some servers and as a name by others; it is refused");
            }
            if (s.equals(".") || s.equals("..")) {
                if (s.equals("..") && !kept.isEmpty()) {
                    kept.remove(kept.size() - 1);
                }
                if (last) {
                    kept.add(""); // "/a/b/.." is "/a/": the directory, with its slash
                }
            } else {
                kept.add(s);
            }
        }
        return new Outcome.Ok("/" + String.join("/", kept));
    }

    /** The sub-delims, ':', '@' and '/': what a path may carry unencoded besides unreserved characters. */
    private static boolean allowedRaw(char c) {
        return "!$&'()*+,;=:@/".indexOf(c) >= 0;
    }
}
