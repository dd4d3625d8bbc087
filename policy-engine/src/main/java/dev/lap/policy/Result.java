package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.value.Value;

/**
 * What evaluating a ref gave: a value, nothing (undefined), or an error. A caller making a
 * security decision treats everything but a definite expected value as a refusal.
 */
public sealed interface Result permits Result.Defined, Result.Undefined, Result.Failed {

    record Defined(Value value) implements Result {
        public Defined {
            requireNonNull(value, "value");
        }
    }

    record Undefined() implements Result {}

    record Failed(RegoError error) implements Result {
        public Failed {
            requireNonNull(error, "error");
        }
    }

    Undefined UNDEFINED = new Undefined();
}
