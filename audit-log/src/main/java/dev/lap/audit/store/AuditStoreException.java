package dev.lap.audit.store;

/** The audit database could not do what was asked; the message never holds a URL or a password. */
public final class AuditStoreException extends Exception {
    public AuditStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public AuditStoreException(String message) {
        super(message);
    }
}
