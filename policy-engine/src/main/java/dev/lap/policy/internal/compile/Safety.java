package dev.lap.policy.internal.compile;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders each body so that every statement runs after the statements that bind the variables it
 * reads, keeping the written order wherever that already works, as OPA does; and reports the
 * variables no order can bind ({@code rego_unsafe_var_error}). Comprehension and {@code every}
 * bodies are ordered in their own scope, seeing the variables of the scopes around them.
 */
final class Safety {
    private final List<RegoError> errors;
    /** Which calls carry one operand more than their function's arity: the last is an output. */
    private final java.util.function.Predicate<Term.Call> outputArg;

    Safety(List<RegoError> errors, java.util.function.Predicate<Term.Call> outputArg) {
        this.errors = errors;
        this.outputArg = outputArg;
    }

    /**
     * Reorders {@code body}. {@code bound} holds the variables bound before it starts (function
     * arguments, variables of enclosing scopes already bound) and receives those it binds;
     * {@code outer} is every variable of the enclosing scopes, which comprehensions close over.
     */
    List<Stmt> reorder(List<Stmt> body, Set<String> bound, Set<String> outer) {
        Set<String> scope = new LinkedHashSet<>(outer);
        for (Stmt s : body) {
            TermVars.collectScope(s, scope);
        }
        List<Stmt> remaining = new ArrayList<>(body);
        List<Stmt> ordered = new ArrayList<>(body.size());
        boolean progress = true;
        while (!remaining.isEmpty() && progress) {
            progress = false;
            for (int i = 0; i < remaining.size(); i++) {
                Stmt s = remaining.get(i);
                Analysis a = analyze(s, bound, scope);
                if (bound.containsAll(a.needs)) {
                    remaining.remove(i);
                    bound.addAll(a.binds);
                    ordered.add(nested(s, bound, scope));
                    progress = true;
                    break;
                }
            }
        }
        for (Stmt s : remaining) {
            Analysis a = analyze(s, bound, scope);
            Set<String> unsafe = new LinkedHashSet<>(a.needs);
            unsafe.removeAll(bound);
            for (String v : unsafe) {
                errors.add(RegoError.at(RegoError.UNSAFE_VAR, "var " + display(v) + " is unsafe", s.loc()));
            }
            ordered.add(s);
        }
        return ordered;
    }

    /** Generated names ({@code $_3}) read as the wildcard a person wrote. */
    static String display(String var) {
        if (var.startsWith("$_")) {
            return "_";
        }
        int renamed = var.indexOf('$');
        return renamed > 0 ? var.substring(0, renamed) : var;
    }

    /** Checks that every variable of a rule head is bound by its body. */
    void checkHead(Term t, Set<String> bound, Location loc) {
        // Variables in ref paths of a head ({@code q := xs[_]}) enumerate, as in a body.
        Set<String> needed = new LinkedHashSet<>();
        TermVars.inputs(t, bound, needed);
        for (String v : needed) {
            if (!bound.contains(v)) {
                errors.add(RegoError.at(RegoError.UNSAFE_VAR, "var " + display(v) + " is unsafe", loc));
            }
        }
    }

    private record Analysis(Set<String> needs, Set<String> binds) {}

    private Analysis analyze(Stmt s, Set<String> bound, Set<String> scope) {
        Set<String> needs = new LinkedHashSet<>();
        Set<String> binds = new LinkedHashSet<>();
        switch (s.literal()) {
            case Literal.Expr e -> analyzeExpr(e.term(), bound, scope, needs, binds);
            case Literal.Not n -> {
                // Variables under `not` must be bound elsewhere; wildcards stay local to it.
                Set<String> all = new LinkedHashSet<>();
                TermVars.inputs(n.term(), scope, all);
                TermVars.outputs(n.term(), all);
                for (String v : all) {
                    if (!v.startsWith("$_")) {
                        needs.add(v);
                    }
                }
            }
            case Literal.NotBody nb -> {
                // Like a comprehension: variables shared with the enclosing scope must be bound first.
                Set<String> inner = new HashSet<>();
                TermVars.collectAll(nb.body(), inner);
                for (String v : inner) {
                    if (scope.contains(v)) {
                        needs.add(v);
                    }
                }
            }
            case Literal.Logical l -> {
                operandNeeds(l.lhs(), l.explicitLhs(), scope, needs);
                operandNeeds(l.rhs(), l.explicitRhs(), scope, needs);
            }
            case Literal.SomeVars sv -> {}
            case Literal.SomeIn si -> {
                TermVars.inputs(si.collection(), scope, needs);
                TermVars.outputs(si.collection(), binds);
                if (si.key() != null) {
                    TermVars.patternInputs(si.key(), scope, needs);
                    TermVars.patternVars(si.key(), binds);
                }
                TermVars.patternInputs(si.value(), scope, needs);
                TermVars.patternVars(si.value(), binds);
                needs.removeAll(binds);
            }
            case Literal.Every ev -> {
                TermVars.inputs(ev.domain(), scope, needs);
                Set<String> inner = new HashSet<>();
                TermVars.collectAll(ev.body(), inner);
                for (String v : inner) {
                    if (scope.contains(v)) {
                        needs.add(v);
                    }
                }
                if (ev.key() != null) {
                    needs.remove(ev.key().name());
                }
                needs.remove(ev.value().name());
            }
        }
        for (With w : s.withs()) {
            TermVars.inputs(w.value(), scope, needs);
        }
        return new Analysis(needs, binds);
    }

    /**
     * What an operand of {@code and}/{@code or} needs bound before it runs. A braced operand is a
     * closure, like a {@code not} body: it needs the variables it shares with the enclosing scope
     * and binds the rest locally. A bare operand binds nothing, like {@code not x}: every
     * variable in it must come from outside, so {@code x = 1 and y} leaves {@code x} unsafe, as
     * in OPA.
     */
    private void operandNeeds(List<Stmt> operand, boolean explicit, Set<String> scope, Set<String> needs) {
        if (explicit) {
            Set<String> inner = new HashSet<>();
            TermVars.collectAll(operand, inner);
            for (String v : inner) {
                if (scope.contains(v)) {
                    needs.add(v);
                }
            }
            return;
        }
        for (Stmt s : operand) {
            Set<String> all = new LinkedHashSet<>();
            switch (s.literal()) {
                case Literal.Expr e -> {
                    TermVars.inputs(e.term(), scope, all);
                    TermVars.outputs(e.term(), all);
                }
                case Literal.Not n -> {
                    TermVars.inputs(n.term(), scope, all);
                    TermVars.outputs(n.term(), all);
                }
                case Literal.Logical l -> {
                    operandNeeds(l.lhs(), l.explicitLhs(), scope, all);
                    operandNeeds(l.rhs(), l.explicitRhs(), scope, all);
                }
                default -> operandNeeds(List.of(s), true, scope, all);
            }
            for (With w : s.withs()) {
                TermVars.inputs(w.value(), scope, all);
            }
            for (String v : all) {
                if (!v.startsWith("$_")) {
                    needs.add(v);
                }
            }
        }
    }

    private void analyzeExpr(Term t, Set<String> bound, Set<String> scope, Set<String> needs, Set<String> binds) {
        if (t instanceof Term.Call c && c.args().size() == 2) {
            String op = c.operator().dottedName();
            if ("eq".equals(op) || "assign".equals(op)) {
                unify(c.args().get(0), c.args().get(1), bound, scope, needs, binds);
                return;
            }
        }
        if (t instanceof Term.Call c && c.operator().dottedName() != null && outputArgCall(c)) {
            // f(x, out): the last operand is unified with the result.
            List<Term> args = c.args();
            for (int i = 0; i < args.size() - 1; i++) {
                TermVars.inputs(args.get(i), scope, needs);
                TermVars.outputs(args.get(i), binds);
            }
            Term last = args.get(args.size() - 1);
            TermVars.patternInputs(last, scope, needs);
            TermVars.patternVars(last, binds);
            needs.removeAll(binds);
            return;
        }
        TermVars.inputs(t, scope, needs);
        TermVars.outputs(t, binds);
        // A variable the expression's own refs enumerate is bound by the time it is read.
        needs.removeAll(binds);
    }

    private boolean outputArgCall(Term.Call c) {
        return outputArg.test(c);
    }

    private void unify(Term a, Term b, Set<String> bound, Set<String> scope, Set<String> needs, Set<String> binds) {
        Set<String> inA = new LinkedHashSet<>();
        Set<String> inB = new LinkedHashSet<>();
        TermVars.inputs(a, scope, inA);
        TermVars.inputs(b, scope, inB);
        if (bound.containsAll(inB)) {
            needs.addAll(inB);
            TermVars.outputs(b, binds);
            TermVars.patternInputs(a, scope, needs);
            TermVars.patternVars(a, binds);
        } else if (bound.containsAll(inA)) {
            needs.addAll(inA);
            TermVars.outputs(a, binds);
            TermVars.patternInputs(b, scope, needs);
            TermVars.patternVars(b, binds);
        } else if (a instanceof Term.ArrayTerm x
                && b instanceof Term.ArrayTerm y
                && x.items().size() == y.items().size()) {
            Set<String> now = new HashSet<>(bound);
            for (int i = 0; i < x.items().size(); i++) {
                Set<String> n = new LinkedHashSet<>();
                Set<String> o = new LinkedHashSet<>();
                unify(x.items().get(i), y.items().get(i), now, scope, n, o);
                n.removeAll(binds);
                needs.addAll(n);
                binds.addAll(o);
                now.addAll(o);
            }
        } else if (a instanceof Term.ObjectTerm x
                && b instanceof Term.ObjectTerm y
                && x.entries().size() == y.entries().size()) {
            Set<String> now = new HashSet<>(bound);
            for (Term.ObjectTerm.Entry ex : x.entries()) {
                Term.ObjectTerm.Entry match = null;
                for (Term.ObjectTerm.Entry ey : y.entries()) {
                    if (ex.key() instanceof Term.Scalar kx
                            && ey.key() instanceof Term.Scalar ky
                            && kx.value().equals(ky.value())) {
                        match = ey;
                    }
                }
                if (match == null) {
                    needs.addAll(inA);
                    needs.addAll(inB);
                    return;
                }
                Set<String> n = new LinkedHashSet<>();
                Set<String> o = new LinkedHashSet<>();
                unify(ex.value(), match.value(), now, scope, n, o);
                n.removeAll(binds);
                needs.addAll(n);
                binds.addAll(o);
                now.addAll(o);
            }
        } else {
            needs.addAll(inA);
            needs.addAll(inB);
            return;
        }
        needs.removeAll(binds);
    }

    /** Orders the bodies nested in {@code s}: comprehensions and {@code every}. */
    private Stmt nested(Stmt s, Set<String> bound, Set<String> scope) {
        Literal lit = switch (s.literal()) {
            case Literal.Expr e -> new Literal.Expr(nestedTerm(e.term(), bound, scope));
            case Literal.Not n -> new Literal.Not(nestedTerm(n.term(), bound, scope));
            case Literal.NotBody nb -> new Literal.NotBody(reorder(nb.body(), new HashSet<>(bound), scope));
            case Literal.Logical l ->
                new Literal.Logical(
                        l.op(),
                        reorder(l.lhs(), new HashSet<>(bound), scope),
                        l.explicitLhs(),
                        reorder(l.rhs(), new HashSet<>(bound), scope),
                        l.explicitRhs());
            case Literal.SomeVars sv -> sv;
            case Literal.SomeIn si ->
                new Literal.SomeIn(
                        si.key() == null ? null : nestedTerm(si.key(), bound, scope),
                        nestedTerm(si.value(), bound, scope),
                        nestedTerm(si.collection(), bound, scope));
            case Literal.Every ev -> {
                Set<String> inner = new HashSet<>(bound);
                if (ev.key() != null) {
                    inner.add(ev.key().name());
                }
                inner.add(ev.value().name());
                Set<String> innerScope = new HashSet<>(scope);
                innerScope.addAll(inner);
                yield new Literal.Every(
                        ev.key(),
                        ev.value(),
                        nestedTerm(ev.domain(), bound, scope),
                        reorder(ev.body(), inner, innerScope));
            }
        };
        List<With> withs = new ArrayList<>();
        for (With w : s.withs()) {
            withs.add(new With(w.loc(), w.target(), nestedTerm(w.value(), bound, scope)));
        }
        return new Stmt(s.loc(), lit, withs);
    }

    Term nestedTerm(Term t, Set<String> bound, Set<String> scope) {
        return switch (t) {
            case Term.Var v -> v;
            case Term.Scalar s -> s;
            case Term.Ref r ->
                new Term.Ref(
                        r.loc(),
                        nestedTerm(r.head(), bound, scope),
                        r.path().stream().map(p -> nestedTerm(p, bound, scope)).toList());
            case Term.ArrayTerm a ->
                new Term.ArrayTerm(
                        a.loc(),
                        a.items().stream().map(i -> nestedTerm(i, bound, scope)).toList());
            case Term.SetTerm st ->
                new Term.SetTerm(
                        st.loc(),
                        st.items().stream()
                                .map(i -> nestedTerm(i, bound, scope))
                                .toList());
            case Term.ObjectTerm o ->
                new Term.ObjectTerm(
                        o.loc(),
                        o.entries().stream()
                                .map(e -> new Term.ObjectTerm.Entry(
                                        nestedTerm(e.key(), bound, scope), nestedTerm(e.value(), bound, scope)))
                                .toList());
            case Term.Call c ->
                new Term.Call(
                        c.loc(),
                        c.operator(),
                        c.args().stream().map(a -> nestedTerm(a, bound, scope)).toList());
            case Term.ArrayCompr c -> {
                Set<String> inner = new HashSet<>(bound);
                List<Stmt> body = reorder(c.body(), inner, scope);
                checkHead(c.head(), inner, c.loc());
                yield new Term.ArrayCompr(c.loc(), nestedTerm(c.head(), inner, scope), body);
            }
            case Term.SetCompr c -> {
                Set<String> inner = new HashSet<>(bound);
                List<Stmt> body = reorder(c.body(), inner, scope);
                checkHead(c.head(), inner, c.loc());
                yield new Term.SetCompr(c.loc(), nestedTerm(c.head(), inner, scope), body);
            }
            case Term.ObjectCompr c -> {
                Set<String> inner = new HashSet<>(bound);
                List<Stmt> body = reorder(c.body(), inner, scope);
                checkHead(c.key(), inner, c.loc());
                checkHead(c.value(), inner, c.loc());
                yield new Term.ObjectCompr(
                        c.loc(), nestedTerm(c.key(), inner, scope), nestedTerm(c.value(), inner, scope), body);
            }
        };
    }
}
