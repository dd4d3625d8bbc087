package dev.lap.policy.internal.ast;

import java.util.List;
import java.util.function.Consumer;

/**
 * Visits every term of a rule or body, nested ones included (comprehension, {@code every} and
 * {@code not} bodies, {@code with} values), each before its children. A call's operator is not a
 * term of its own here: it names a function, and visitors that care look at {@link
 * Term.Call#operator()}.
 */
public final class AstWalk {
    private AstWalk() {}

    /** Every link of the rule's else chain: arguments, head, value and body. */
    public static void rule(Rule r, Consumer<Term> visit) {
        for (Rule link = r; link != null; link = link.elseRule()) {
            link.args().forEach(a -> term(a, visit));
            link.ref().path().forEach(p -> term(p, visit));
            if (link.key() != null) {
                term(link.key(), visit);
            }
            if (link.value() != null) {
                term(link.value(), visit);
            }
            body(link.body(), visit);
        }
    }

    public static void body(List<Stmt> body, Consumer<Term> visit) {
        for (Stmt s : body) {
            switch (s.literal()) {
                case Literal.Expr e -> term(e.term(), visit);
                case Literal.Not n -> term(n.term(), visit);
                case Literal.NotBody nb -> body(nb.body(), visit);
                case Literal.Logical l -> {
                    body(l.lhs(), visit);
                    body(l.rhs(), visit);
                }
                case Literal.SomeVars sv -> sv.vars().forEach(v -> term(v, visit));
                case Literal.SomeIn si -> {
                    if (si.key() != null) {
                        term(si.key(), visit);
                    }
                    term(si.value(), visit);
                    term(si.collection(), visit);
                }
                case Literal.Every ev -> {
                    term(ev.domain(), visit);
                    body(ev.body(), visit);
                }
            }
            s.withs().forEach(w -> term(w.value(), visit));
        }
    }

    public static void term(Term t, Consumer<Term> visit) {
        visit.accept(t);
        switch (t) {
            case Term.Scalar s -> {}
            case Term.Var v -> {}
            case Term.Ref r -> {
                term(r.head(), visit);
                r.path().forEach(p -> term(p, visit));
            }
            case Term.Call c -> c.args().forEach(a -> term(a, visit));
            case Term.ArrayTerm a -> a.items().forEach(i -> term(i, visit));
            case Term.SetTerm st -> st.items().forEach(i -> term(i, visit));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    term(e.key(), visit);
                    term(e.value(), visit);
                });
            case Term.ArrayCompr c -> {
                term(c.head(), visit);
                body(c.body(), visit);
            }
            case Term.SetCompr c -> {
                term(c.head(), visit);
                body(c.body(), visit);
            }
            case Term.ObjectCompr c -> {
                term(c.key(), visit);
                term(c.value(), visit);
                body(c.body(), visit);
            }
        }
    }
}
