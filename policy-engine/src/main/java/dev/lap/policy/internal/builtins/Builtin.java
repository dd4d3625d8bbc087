package dev.lap.policy.internal.builtins;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.value.Value;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A builtin's declaration and implementation: its dotted name, operand types, result type,
 * whether it must be re-evaluated every time ({@code nondeterministic}: time, random, network),
 * and whether it is one of the builtins Rego v1 removed ({@code deprecated}: {@code any}, {@code
 * cast_array}, ...), kept only for v0 modules.
 */
public record Builtin(
        String name, List<Type> args, Type result, boolean nondeterministic, boolean deprecated, BuiltinFunction fn) {
    public Builtin {
        requireNonNull(name, "name");
        args = List.copyOf(args);
        requireNonNull(result, "result");
        requireNonNull(fn, "fn");
    }

    public int arity() {
        return args.size();
    }

    /** Checks operand kinds against the declaration, then runs the implementation. */
    public @Nullable Value call(Value[] operands, BuiltinContext ctx) throws BuiltinException {
        for (int i = 0; i < operands.length; i++) {
            Type t = args.get(i);
            if (!t.accepts(operands[i])) {
                throw BuiltinException.operand(name, i + 1, t.describe(), operands[i].typeName());
            }
        }
        return fn.apply(operands, ctx);
    }
}
