package dev.lap.vault.credentials;

import java.util.Objects;

/** The vault cannot issue stubs for its credentials; {@link #code()} says why. */
public final class CredentialsException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Code {
        /** A real value is too short to be paired with a stub of the same length and 128 random bits. */
        VALUE_TOO_SHORT,
        /** Two credentials share an id or a stub variable. */
        DUPLICATE,
        /** {@code stubs.json} cannot be read or written. */
        STUB_STORE_IO,
        /** {@code stubs.json} is not what the vault writes. */
        STUB_STORE_CORRUPT
    }

    private final Code code;

    CredentialsException(Code code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    CredentialsException(Code code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    public Code code() {
        return code;
    }
}
