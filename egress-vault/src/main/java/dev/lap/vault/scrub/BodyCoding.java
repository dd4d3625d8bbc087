package dev.lap.vault.scrub;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a body is encoded, as far as scrubbing is concerned: the vault can scrub identity and gzip
 * bodies and nothing else. The proxy offers upstream only {@link #ACCEPT_ENCODING}, and refuses
 * (or fails) a response whose coding is {@link Unscrubbable}, because passing it on would let a
 * real secret through unseen.
 */
public sealed interface BodyCoding {
    /** The {@code Accept-Encoding} the proxy sends upstream in place of the client's. */
    String ACCEPT_ENCODING = "gzip";

    record Identity() implements BodyCoding {}

    record Gzip() implements BodyCoding {}

    /** A coding (or a stack of codings) the vault cannot look inside, e.g. {@code br}. */
    record Unscrubbable(String contentEncoding) implements BodyCoding {}

    /** Reads a {@code Content-Encoding} header value; absent or empty means identity. */
    static BodyCoding of(@Nullable CharSequence contentEncoding) {
        if (contentEncoding == null) {
            return new Identity();
        }
        String value = contentEncoding.toString().trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("identity")) {
            return new Identity();
        }
        if (value.equals("gzip") || value.equals("x-gzip")) {
            return new Gzip();
        }
        return new Unscrubbable(contentEncoding.toString());
    }
}
