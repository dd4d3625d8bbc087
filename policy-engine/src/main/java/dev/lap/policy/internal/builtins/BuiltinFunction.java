package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.Value;
import org.jspecify.annotations.Nullable;

/** The implementation of a builtin. */
@FunctionalInterface
public interface BuiltinFunction {
    /**
     * Computes the result from operands already checked against the declaration.
     *
     * @return the result, or {@code null} when the builtin is undefined for these operands
     * @throws BuiltinException when the operands are invalid ({@code eval_type_error}) or the
     *     builtin fails ({@code eval_builtin_error}); non-strict evaluation turns either into
     *     undefined
     */
    @Nullable Value apply(Value[] args, BuiltinContext ctx) throws BuiltinException;
}
