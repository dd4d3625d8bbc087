package dev.lap.vault;

/**
 * The vault cannot start: a file is missing or malformed, the policy does not compile, the
 * address is taken. The message says what is wrong, where, and what to do; it never contains a
 * secret value.
 */
public final class VaultException extends Exception {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
