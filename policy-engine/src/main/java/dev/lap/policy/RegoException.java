package dev.lap.policy;

import java.util.List;

/**
 * Compilation or evaluation failed. Carries every error found, sorted by location; callers
 * match on {@link RegoError#code()}, never on message text.
 */
public final class RegoException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RegoError> errors;

    public RegoException(List<RegoError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    public RegoException(RegoError error) {
        this(List.of(error));
    }

    public List<RegoError> errors() {
        return errors;
    }

    /** The first error, the one a single-line report shows. */
    public RegoError first() {
        return errors.get(0);
    }

    private static String summary(List<RegoError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a RegoException needs at least one error");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        StringBuilder sb = new StringBuilder(errors.size() + " errors occurred:");
        for (RegoError e : errors) {
            sb.append('\n').append(e);
        }
        return sb.toString();
    }
}
