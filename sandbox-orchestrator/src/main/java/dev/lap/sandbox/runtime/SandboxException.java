package dev.lap.sandbox.runtime;

/**
 * A runtime could not do what was asked. The message says what failed and what to do (for
 * example which package to install), and never quotes a secret.
 */
public final class SandboxException extends Exception {
    public SandboxException(String message) {
        super(message);
    }

    public SandboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
