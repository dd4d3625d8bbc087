package dev.lap.vault.credentials;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Where in a request a credential may be injected (in {@link Credential#placements()}) or was
 * found (in {@link FoundStub}). The policy sees {@link #wireName()}.
 */
public sealed interface Placement {
    Placement AUTHORIZATION = new Authorization();
    Placement BODY = new Body();

    /** The {@code Authorization} header, in any scheme (Bearer, token, Basic user or password). */
    record Authorization() implements Placement {}

    /** Any other header, by its lower-case name. */
    record Header(String name) implements Placement {
        /** Headers whose rewriting would change framing or routing rather than carry a token. */
        private static final Set<String> REFUSED =
                Set.of("authorization", "host", "content-length", "transfer-encoding", "connection", "te", "upgrade");

        public Header {
            Objects.requireNonNull(name, "name");
            name = name.toLowerCase(Locale.ROOT);
            if (name.isEmpty() || !name.chars().allMatch(Header::isTokenChar)) {
                throw new IllegalArgumentException("`" + name + "` is not an HTTP header name");
            }
            if (name.equals("authorization")) {
                throw new IllegalArgumentException("the Authorization header is Placement.AUTHORIZATION");
            }
        }

        private static boolean isTokenChar(int c) {
            return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
        }
    }

    /** A query parameter, by its (percent-decoded, case-sensitive) name. */
    record Query(String name) implements Placement {
        public Query {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a query placement needs a parameter name");
            }
        }
    }

    /** The request body (identity or gzip encoded), swapped as it streams. */
    record Body() implements Placement {}

    /** The form used in the credentials file and in policy input. */
    default String wireName() {
        return switch (this) {
            case Authorization a -> "authorization";
            case Header h -> "header:" + h.name();
            case Query q -> "query:" + q.name();
            case Body b -> "body";
        };
    }

    /**
     * Reads {@code authorization}, {@code body}, {@code header:NAME} or {@code query:NAME}.
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    static Placement parse(String text) {
        int colon = text.indexOf(':');
        String kind = (colon < 0 ? text : text.substring(0, colon)).trim().toLowerCase(Locale.ROOT);
        String name = colon < 0 ? "" : text.substring(colon + 1).trim();
        switch (kind) {
            case "authorization", "body" -> {
                if (colon >= 0) {
                    throw new IllegalArgumentException("`" + kind + "` takes no name; write just `" + kind + "`");
                }
                return kind.equals("body") ? BODY : AUTHORIZATION;
            }
            case "header" -> {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("`header:` needs a header name, e.g. `header:x-api-key`");
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (lower.equals("authorization")) {
                    throw new IllegalArgumentException("write `authorization` rather than `header:authorization`");
                }
                if (Header.REFUSED.contains(lower)) {
                    throw new IllegalArgumentException(
                            "`header:" + lower + "` is refused: that header frames or routes the request");
                }
                return new Header(name);
            }
            case "query" -> {
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("`query:` needs a parameter name, e.g. `query:access_token`");
                }
                if (name.chars().anyMatch(c -> c == '&' || c == '=' || c == '#' || c <= ' ')) {
                    throw new IllegalArgumentException("`" + name + "` is not a query parameter name");
                }
                return new Query(name);
            }
            default ->
                throw new IllegalArgumentException(
                        "`" + text + "` is not a placement; use authorization, body, header:NAME or query:NAME");
        }
    }
}
