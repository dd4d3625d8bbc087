package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of reading a host, an authority or a {@code --resolve} pin: the value, or why the
 * text was refused. Untrusted text is refused as a value rather than a thrown exception, because
 * bad traffic is expected and every caller must answer it (a 400 or 421 for a request, a usage
 * error for an operator's option).
 *
 * @param <T> what was read
 */
public sealed interface ParseResult<T> permits ParseResult.Ok, ParseResult.Invalid {

    /** The text was read as {@code value}. */
    record Ok<T>(T value) implements ParseResult<T> {
        public Ok {
            requireNonNull(value, "value");
        }
    }

    /**
     * The text was refused. {@code reason} is a short English sentence fragment safe to quote in a
     * response body or a log line: it never repeats request text, which may hold control characters.
     */
    record Invalid<T>(String reason) implements ParseResult<T> {
        public Invalid {
            requireNonNull(reason, "reason");
        }
    }
}
