package dev.lap.policy.internal.builtins;

import java.util.List;

/**
 * Builtins that produce several results for one call, like {@code walk}: every (path, value)
 * pair of a document. They are declared here so calls are checked like any other (arity, an
 * output operand), but a single-result {@link BuiltinFunction} cannot express them, so the
 * evaluator enumerates them itself.
 */
final class Relations {
    /** The relations the evaluator implements. */
    static final List<String> NAMES = List.of("walk");

    private Relations() {}

    static void register(BuiltinRegistry r) {
        r.register("walk", List.of(Type.ANY), Type.ARRAY, (a, ctx) -> {
            throw new IllegalStateException("walk is a relation: the evaluator enumerates it");
        });
    }
}
