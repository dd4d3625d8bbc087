package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one statement of a rule body or query says, before its {@code with} modifiers. */
public sealed interface Literal
        permits Literal.Expr, Literal.Not, Literal.NotBody, Literal.SomeVars, Literal.SomeIn, Literal.Every {

    /** A term that must be defined and not false: {@code input.x}, {@code x == 1}, {@code y := f(x)}. */
    record Expr(Term term) implements Literal {
        public Expr {
            requireNonNull(term, "term");
        }
    }

    /** {@code not term}: true when the term is undefined or false. */
    record Not(Term term) implements Literal {
        public Not {
            requireNonNull(term, "term");
        }
    }

    /**
     * {@code not { body }} (with {@code import future.keywords.not}): true when the body has no
     * solution. Variables bound only inside the body are local to it.
     */
    record NotBody(List<Stmt> body) implements Literal {
        public NotBody {
            body = List.copyOf(body);
        }
    }

    /** {@code some x, y}: declares local variables. */
    record SomeVars(List<Term.Var> vars) implements Literal {
        public SomeVars {
            vars = List.copyOf(vars);
        }
    }

    /** {@code some v in xs} ({@code key} null) or {@code some k, v in xs}. */
    record SomeIn(@Nullable Term key, Term value, Term collection) implements Literal {
        public SomeIn {
            requireNonNull(value, "value");
            requireNonNull(collection, "collection");
        }
    }

    /** {@code every v in xs { body }} ({@code key} null) or {@code every k, v in xs { body }}. */
    record Every(Term.@Nullable Var key, Term.Var value, Term domain, List<Stmt> body) implements Literal {
        public Every {
            requireNonNull(value, "value");
            requireNonNull(domain, "domain");
            body = List.copyOf(body);
        }
    }
}
