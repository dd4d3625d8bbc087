package dev.lap.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lap.policy.value.Json;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import org.jspecify.annotations.Nullable;

/** Calls builtins the way the evaluator does, through the standard registry. */
final class BuiltinCalls {
    private BuiltinCalls() {}

    static @Nullable Value call(String name, Value... args) throws BuiltinException {
        BuiltinRegistry registry = BuiltinRegistry.standardRegistry();
        // The builtins Rego v1 removed stay implemented for v0 modules; they are tested too.
        Builtin b = registry.get(name) != null ? registry.get(name) : registry.removedInV1(name);
        assertThat(b).as("builtin %s", name).isNotNull();
        assertThat(args).as("arity of %s", name).hasSize(b.arity());
        return b.call(args, BuiltinContext.system());
    }

    static BuiltinException failure(String name, Value... args) {
        return catchThrowableOfType(BuiltinException.class, () -> call(name, args));
    }

    /** A value from JSON text, which is the form the conformance cases give. */
    static Value json(String text) {
        return Json.parse(text);
    }

    static StringValue str(String s) {
        return StringValue.of(s);
    }

    static NumberValue num(String text) {
        return NumberValue.parse(text);
    }

    static NumberValue num(long n) {
        return NumberValue.of(n);
    }
}
