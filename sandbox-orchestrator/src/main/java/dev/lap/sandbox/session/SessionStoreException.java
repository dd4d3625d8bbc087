package dev.lap.sandbox.session;

/** The session database failed; the message never repeats a URL (it may hold a password). */
public final class SessionStoreException extends RuntimeException {
    public SessionStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
