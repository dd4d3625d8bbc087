package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;

/** {@code with target as value}; the target is a ref to {@code input}, {@code data} or a function. */
public record With(Location loc, Term.Ref target, Term value) {
    public With {
        requireNonNull(loc, "loc");
        requireNonNull(target, "target");
        requireNonNull(value, "value");
    }
}
