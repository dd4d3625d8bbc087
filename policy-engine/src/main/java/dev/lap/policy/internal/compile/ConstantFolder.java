package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.ValueOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns composite literals without variables, refs or calls into constants, so a document such
 * as {@code hosts := {"a": ["x", "y"]}} is built once at compile time instead of on every
 * evaluation; and orders the entries of the remaining object literals by key, so building them
 * at run time needs no sort.
 */
final class ConstantFolder {
    private ConstantFolder() {}

    static Rule rule(Rule r) {
        return new Rule(
                r.loc(),
                r.kind(),
                new Term.Ref(r.ref().loc(), r.ref().head(), terms(r.ref().path())),
                terms(r.args()),
                r.key() == null ? null : term(r.key()),
                r.value() == null ? null : term(r.value()),
                r.assign(),
                r.isDefault(),
                body(r.body()),
                r.elseRule() == null ? null : rule(r.elseRule()));
    }

    static List<Stmt> body(List<Stmt> body) {
        List<Stmt> out = new ArrayList<>(body.size());
        for (Stmt s : body) {
            Literal lit = switch (s.literal()) {
                case Literal.Expr e -> new Literal.Expr(term(e.term()));
                case Literal.Not n -> new Literal.Not(term(n.term()));
                case Literal.NotBody nb -> new Literal.NotBody(body(nb.body()));
                case Literal.Logical l ->
                    new Literal.Logical(l.op(), body(l.lhs()), l.explicitLhs(), body(l.rhs()), l.explicitRhs());
                case Literal.SomeVars sv -> sv;
                case Literal.SomeIn si ->
                    new Literal.SomeIn(
                            si.key() == null ? null : term(si.key()), term(si.value()), term(si.collection()));
                case Literal.Every ev -> new Literal.Every(ev.key(), ev.value(), term(ev.domain()), body(ev.body()));
            };
            List<With> withs = new ArrayList<>(s.withs().size());
            for (With w : s.withs()) {
                withs.add(new With(w.loc(), w.target(), term(w.value())));
            }
            out.add(new Stmt(s.loc(), lit, withs));
        }
        return out;
    }

    private static List<Term> terms(List<Term> ts) {
        List<Term> out = new ArrayList<>(ts.size());
        for (Term t : ts) {
            out.add(term(t));
        }
        return out;
    }

    static Term term(Term t) {
        return switch (t) {
            case Term.Scalar s -> s;
            case Term.Var v -> v;
            case Term.Ref r -> new Term.Ref(r.loc(), term(r.head()), terms(r.path()));
            case Term.Call c -> new Term.Call(c.loc(), c.operator(), terms(c.args()));
            case Term.ArrayCompr c -> new Term.ArrayCompr(c.loc(), term(c.head()), body(c.body()));
            case Term.SetCompr c -> new Term.SetCompr(c.loc(), term(c.head()), body(c.body()));
            case Term.ObjectCompr c -> new Term.ObjectCompr(c.loc(), term(c.key()), term(c.value()), body(c.body()));
            case Term.ArrayTerm a -> {
                List<Term> items = terms(a.items());
                Value[] values = constants(items);
                yield values == null
                        ? new Term.ArrayTerm(a.loc(), items)
                        : new Term.Scalar(a.loc(), ArrayValue.wrap(values));
            }
            case Term.SetTerm s -> {
                List<Term> items = terms(s.items());
                Value[] values = constants(items);
                yield values == null ? new Term.SetTerm(s.loc(), items) : new Term.Scalar(s.loc(), SetValue.of(values));
            }
            case Term.ObjectTerm o -> {
                List<Term.ObjectTerm.Entry> entries =
                        new ArrayList<>(o.entries().size());
                boolean constant = true;
                boolean constantKeys = true;
                for (Term.ObjectTerm.Entry e : o.entries()) {
                    Term k = term(e.key());
                    Term v = term(e.value());
                    constant &= k instanceof Term.Scalar && v instanceof Term.Scalar;
                    constantKeys &= k instanceof Term.Scalar;
                    entries.add(new Term.ObjectTerm.Entry(k, v));
                }
                if (constant) {
                    ObjectValue.Builder b = ObjectValue.builder(entries.size());
                    for (Term.ObjectTerm.Entry e : entries) {
                        b.put(((Term.Scalar) e.key()).value(), ((Term.Scalar) e.value()).value());
                    }
                    yield new Term.Scalar(o.loc(), b.build());
                }
                if (constantKeys) {
                    // Stable, so of two equal keys the later still wins when the object is built.
                    entries.sort((x, y) ->
                            ValueOrder.compare(((Term.Scalar) x.key()).value(), ((Term.Scalar) y.key()).value()));
                }
                yield new Term.ObjectTerm(o.loc(), entries);
            }
        };
    }

    private static Value[] constants(List<Term> items) {
        Value[] out = new Value[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Term.Scalar s)) {
                return null;
            }
            out[i] = s.value();
        }
        return out;
    }
}
