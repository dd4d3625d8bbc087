package dev.lap.policy.internal.builtins;

import dev.lap.policy.RegoError;

/**
 * A builtin could not produce a result. The message is the whole text OPA gives after the code,
 * normally {@code "name: what went wrong"}; {@link #code} is {@code eval_type_error} or
 * {@code eval_builtin_error}. Thrown without a stack trace: this is an outcome, not a bug.
 */
public final class BuiltinException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String code;

    private BuiltinException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** {@code eval_builtin_error: name: message}. */
    public static BuiltinException failed(String builtin, String message) {
        return new BuiltinException(RegoError.EVAL_BUILTIN, builtin + ": " + message);
    }

    /** {@code eval_type_error: name: message}, for operands of the wrong kind or shape. */
    public static BuiltinException type(String builtin, String message) {
        return new BuiltinException(RegoError.EVAL_TYPE, builtin + ": " + message);
    }

    /** {@code eval_type_error: name: operand N must be T but got K}. */
    public static BuiltinException operand(String builtin, int position, String expected, String got) {
        return type(builtin, "operand " + position + " must be " + expected + " but got " + got);
    }

    public String code() {
        return code;
    }
}
