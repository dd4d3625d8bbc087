package dev.lap.cli;

import static java.util.Objects.requireNonNull;

/**
 * The user asked for something that cannot be done (a missing directory, an unreadable input
 * file). The message says what was wrong, where, and what to do; {@link Lap} prints it and
 * exits with {@link Lap#EXIT_USAGE}. No stack trace: it is not a bug.
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    public CliException(String message) {
        super(requireNonNull(message, "message"), null, false, false);
    }
}
