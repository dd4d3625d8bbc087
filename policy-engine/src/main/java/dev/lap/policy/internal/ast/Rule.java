package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.Location;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A rule, normalised as OPA does after parsing.
 *
 * <ul>
 *   <li>{@code p := v if body}, {@code p = v if body}, {@code p if body} (value null, meaning
 *       {@code true}), {@code a.b.c := v}, {@code p[k] := v if body} and v1's {@code p[k] if body}:
 *       {@link Kind#SINGLE}, with the whole head in {@code ref} (relative to the package).
 *   <li>{@code p contains x if body}, {@code a.b[k] contains x}: {@link Kind#MULTI}, the element in
 *       {@code key}.
 *   <li>{@code f(a, b) := v if body}, {@code f(x) if body}: {@link Kind#FUNCTION}, with {@code args}.
 * </ul>
 *
 * A rule without a body ({@code p := 1}) has an empty body, which is true. {@code elseRule} is the
 * next link of an {@code else} chain; it has the same ref and args, its own value and body.
 */
public record Rule(
        Location loc,
        Kind kind,
        Term.Ref ref,
        List<Term> args,
        @Nullable Term key,
        @Nullable Term value,
        boolean assign,
        boolean isDefault,
        List<Stmt> body,
        @Nullable Rule elseRule) {

    public enum Kind {
        SINGLE,
        MULTI,
        FUNCTION
    }

    public Rule {
        requireNonNull(loc, "loc");
        requireNonNull(kind, "kind");
        requireNonNull(ref, "ref");
        args = List.copyOf(args);
        body = List.copyOf(body);
    }
}
