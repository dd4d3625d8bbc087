package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.NumberValue;
import java.util.List;

/**
 * Time builtins. {@code time.now_ns} reads the evaluation's clock once: every call in one
 * evaluation sees the same instant, as in OPA.
 */
final class Time {
    private Time() {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("time.now_ns", List.of(), Type.NUMBER, (a, ctx) -> NumberValue.of(ctx.nowNanos()));
    }
}
