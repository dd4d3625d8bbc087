package dev.lap.cli.audit;

import dev.lap.cli.CliException;
import reactor.core.publisher.Mono;

/**
 * Waits for one database answer. A failure becomes a {@link CliException} naming its kind and the
 * database's own message, which names no password (the driver never echoes it).
 */
final class Blocking {
    private Blocking() {}

    static <T> T get(Mono<T> answer) throws CliException {
        T value;
        try {
            value = answer.block();
        } catch (RuntimeException e) {
            Throwable cause = reactor.core.Exceptions.unwrap(e);
            throw new CliException(
                    "the audit database failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        if (value == null) {
            throw new CliException("the audit database gave no answer");
        }
        return value;
    }

    /** The database failure behind {@code e}, as the message the user sees. */
    static CliException failed(RuntimeException e) {
        Throwable cause = reactor.core.Exceptions.unwrap(e);
        return new CliException(
                "the audit database failed: " + cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
}
