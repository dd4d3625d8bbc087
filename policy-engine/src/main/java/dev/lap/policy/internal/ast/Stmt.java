package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import java.util.List;

/** One statement of a body or query: a literal and its {@code with} modifiers. */
public record Stmt(Location loc, Literal literal, List<With> withs) {
    public Stmt {
        requireNonNull(loc, "loc");
        requireNonNull(literal, "literal");
        withs = List.copyOf(withs);
    }

    public Stmt(Location loc, Literal literal) {
        this(loc, literal, List.of());
    }
}
