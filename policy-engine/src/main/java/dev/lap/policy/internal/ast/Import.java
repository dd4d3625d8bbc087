package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import org.jspecify.annotations.Nullable;

/** {@code import data.a.b}, {@code import input.x as y}, {@code import rego.v1}, {@code import future.keywords.in}. */
public record Import(Location loc, Term.Ref path, @Nullable String alias) {
    public Import {
        requireNonNull(loc, "loc");
        requireNonNull(path, "path");
    }
}
