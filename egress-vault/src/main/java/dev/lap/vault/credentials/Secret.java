package dev.lap.vault.credentials;

import dev.lap.audit.Fingerprint;
import java.util.Objects;

/**
 * A real credential value. Deliberately not a record: {@link #toString()}, {@code equals} and
 * {@code hashCode} never involve the value, so a secret inside a record, a log line or an
 * exception message shows up as its fingerprint. The value is read only through {@link #reveal()},
 * which makes every use easy to find.
 */
public final class Secret {
    private final String value;
    private final String fingerprint;

    /**
     * @throws IllegalArgumentException if the value is empty or has a character outside visible
     *     ASCII (a CR or LF would let a header carrying it split the request)
     */
    public Secret(String value) {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("the value is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("the value has a "
                        + (c == '\n' || c == '\r' ? "line break" : "character") + " outside visible ASCII at offset "
                        + i + "; tokens are printable ASCII without spaces");
            }
        }
        this.value = value;
        this.fingerprint = Fingerprint.of(value);
    }

    public String reveal() {
        return value;
    }

    public int length() {
        return value.length();
    }

    /** {@code sha256:} and 12 hex digits, as in audit rows. */
    public String fingerprint() {
        return fingerprint;
    }

    @Override
    public String toString() {
        return "Secret[" + fingerprint + "]";
    }
}
