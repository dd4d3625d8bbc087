package dev.lap.policy.internal.ast;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one statement of a rule body or query says, before its {@code with} modifiers. */
public sealed interface Literal
        permits Literal.Expr,
                Literal.Not,
                Literal.NotBody,
                Literal.Logical,
                Literal.SomeVars,
                Literal.SomeIn,
                Literal.Every {

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

    /**
     * {@code lhs and rhs} or {@code lhs or rhs} (with {@code import future.keywords.and} or {@code
     * .or}). Each operand is a body that only has to hold once: evaluation looks for one solution
     * of it and keeps none of its bindings, so the statement succeeds at most once per outer
     * binding. An operand written in braces is {@code explicit} and has its own scope; an implicit
     * operand is one statement whose variables must all be bound around it, as under {@code not}.
     * Chains nest to the left ({@code a or b or c} is {@code (a or b) or c}); {@code and} binds
     * tighter than {@code or}.
     */
    record Logical(Op op, List<Stmt> lhs, boolean explicitLhs, List<Stmt> rhs, boolean explicitRhs) implements Literal {
        public enum Op {
            AND,
            OR;

            /** The keyword as written, for error messages. */
            public String keyword() {
                return this == AND ? "and" : "or";
            }
        }

        public Logical {
            requireNonNull(op, "op");
            lhs = List.copyOf(lhs);
            rhs = List.copyOf(rhs);
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
