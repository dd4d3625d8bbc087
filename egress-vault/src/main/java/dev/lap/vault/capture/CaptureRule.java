package dev.lap.vault.capture;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One entry of a decision's {@code capture} list: which value of the response to capture and the
 * credential id ({@code as}) under which the vault keeps it.
 */
public record CaptureRule(Source from, String as) {
    /** Credential ids, as in the credentials file. */
    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    public CaptureRule {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(as, "as");
        if (!ID.matcher(as).matches()) {
            throw new IllegalArgumentException("capture id `" + as + "` does not match " + ID);
        }
    }

    /** Where the value is in the response. */
    public sealed interface Source {
        /** The form the decision writes: {@code json:a.b} or {@code header:set-cookie:NAME}. */
        String wireName();
    }

    /**
     * A string field of a JSON body, by its path of object keys (an all-digit segment also indexes
     * an array): {@code json:access_token}, {@code json:data.token}.
     */
    public record JsonField(List<String> path) implements Source {
        public JsonField {
            path = List.copyOf(path);
            if (path.isEmpty() || path.stream().anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("a JSON path needs non-empty segments");
            }
        }

        @Override
        public String wireName() {
            return "json:" + String.join(".", path);
        }
    }

    /** The value of the cookie {@code name} (case-sensitive) in a {@code Set-Cookie} header. */
    public record SetCookie(String name) implements Source {
        public SetCookie {
            Objects.requireNonNull(name, "name");
            if (!CookieHeader.isToken(name)) {
                throw new IllegalArgumentException("`" + name + "` is not a cookie name");
            }
        }

        @Override
        public String wireName() {
            return "header:set-cookie:" + name;
        }
    }
}
