package dev.lap.policy.internal.eval;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import org.jspecify.annotations.Nullable;

/**
 * Stops an evaluation with a policy error. Unchecked so it can cross the continuations; it never
 * leaves the evaluator, which turns it into a {@link RegoError} value. No stack trace: it is an
 * outcome, not a bug.
 */
final class EvalError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient RegoError error;

    EvalError(String code, String message, @Nullable Location location) {
        super(message, null, false, false);
        this.error = RegoError.at(code, message, location);
    }

    RegoError error() {
        return error;
    }
}
