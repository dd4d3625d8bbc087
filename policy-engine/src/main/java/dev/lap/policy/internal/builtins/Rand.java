package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.NumberValue;
import java.security.SecureRandom;
import java.util.List;

/** {@code rand.intn}: a random integer in {@code [0, |n|)}, the same for the same arguments throughout one evaluation. */
final class Rand {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Rand() {}

    /** The memo key for one {@code rand.intn} call: OPA keys by the string and the bound's magnitude. */
    private record IntnKey(String key, long bound) {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic("rand.intn", List.of(Type.STRING, Type.NUMBER), Type.NUMBER, (a, ctx) -> {
            long n = Math.abs(Operands.integer("rand.intn", a[1], 2));
            if (n == 0) {
                return NumberValue.of(0);
            }
            return ctx.memo(new IntnKey(string(a, 0), n), k -> NumberValue.of(RANDOM.nextLong(k.bound())));
        });
    }
}
