package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ObjectValue;
import java.util.List;

/**
 * {@code opa.runtime}: OPA answers with its configuration and environment when it runs as a
 * server, and with an empty object when embedded without one. lap gives policies no view of the
 * process it runs in (its environment holds the real secrets the sandbox must never see), so it
 * is always the empty object.
 */
final class Runtime {
    private Runtime() {}

    static void register(BuiltinRegistry r) {
        r.register("opa.runtime", List.of(), Type.OBJECT, (a, ctx) -> ObjectValue.EMPTY);
    }
}
