package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.BooleanValue;
import java.util.List;

/**
 * Builtins that only talk to the tooling around an evaluation: {@code trace} hands a note to the
 * caller's tracer (for {@code eval --explain}), {@code internal.test_case} marks a parameterised
 * test case, which only OPA's test runner reads. Both are always true, so a policy's meaning
 * never depends on them.
 */
final class Debug {
    private Debug() {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("trace", List.of(Type.STRING), Type.BOOLEAN, (a, ctx) -> {
            ctx.note(string(a, 0));
            return BooleanValue.TRUE;
        });
        r.registerNondeterministic(
                "internal.test_case", List.of(Type.ARRAY), Type.BOOLEAN, (a, ctx) -> BooleanValue.TRUE);
    }
}
