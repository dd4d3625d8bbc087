package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What variables a resolved term reads and what evaluating it can bind, the facts safety
 * analysis and body reordering rest on. Only local variables count: {@code data} and {@code
 * input} are refs after resolution.
 */
final class TermVars {
    private TermVars() {}

    /** {@code data} and {@code input} head refs after resolution; they are documents, not variables. */
    static boolean isRoot(String name) {
        return name.equals("data") || name.equals("input") || name.equals(Resolver.BUILTIN_REF);
    }

    private static void addLocal(Term.Var v, Set<String> out) {
        if (!isRoot(v.name())) {
            out.add(v.name());
        }
    }

    /** Every local variable in {@code t}, including those inside comprehensions. */
    static Set<String> all(Term t) {
        Set<String> out = new LinkedHashSet<>();
        collectAll(t, out);
        return out;
    }

    static void collectAll(Term t, Set<String> out) {
        switch (t) {
            case Term.Var v -> addLocal(v, out);
            case Term.Scalar s -> {}
            case Term.Ref r -> {
                collectAll(r.head(), out);
                r.path().forEach(p -> collectAll(p, out));
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> collectAll(i, out));
            case Term.SetTerm s -> s.items().forEach(i -> collectAll(i, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    collectAll(e.key(), out);
                    collectAll(e.value(), out);
                });
            case Term.ArrayCompr c -> {
                collectAll(c.head(), out);
                collectAll(c.body(), out);
            }
            case Term.SetCompr c -> {
                collectAll(c.head(), out);
                collectAll(c.body(), out);
            }
            case Term.ObjectCompr c -> {
                collectAll(c.key(), out);
                collectAll(c.value(), out);
                collectAll(c.body(), out);
            }
            case Term.Call c -> c.args().forEach(a -> collectAll(a, out));
        }
    }

    static void collectAll(List<Stmt> body, Set<String> out) {
        for (Stmt s : body) {
            collectAll(s, out);
        }
    }

    static void collectAll(Stmt s, Set<String> out) {
        switch (s.literal()) {
            case Literal.Expr e -> collectAll(e.term(), out);
            case Literal.Not n -> collectAll(n.term(), out);
            case Literal.NotBody n -> collectAll(n.body(), out);
            case Literal.Logical l -> {
                collectAll(l.lhs(), out);
                collectAll(l.rhs(), out);
            }
            case Literal.SomeVars sv -> sv.vars().forEach(v -> out.add(v.name()));
            case Literal.SomeIn si -> {
                if (si.key() != null) {
                    collectAll(si.key(), out);
                }
                collectAll(si.value(), out);
                collectAll(si.collection(), out);
            }
            case Literal.Every ev -> {
                if (ev.key() != null) {
                    out.add(ev.key().name());
                }
                out.add(ev.value().name());
                collectAll(ev.domain(), out);
                collectAll(ev.body(), out);
            }
        }
        for (With w : s.withs()) {
            collectAll(w.value(), out);
        }
    }

    /**
     * The variables of {@code t} outside any comprehension: the ones that belong to the scope
     * {@code t} appears in.
     */
    static void collectScope(Term t, Set<String> out) {
        switch (t) {
            case Term.Var v -> addLocal(v, out);
            case Term.Scalar s -> {}
            case Term.Ref r -> {
                collectScope(r.head(), out);
                r.path().forEach(p -> collectScope(p, out));
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> collectScope(i, out));
            case Term.SetTerm s -> s.items().forEach(i -> collectScope(i, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    collectScope(e.key(), out);
                    collectScope(e.value(), out);
                });
            case Term.ArrayCompr c -> {}
            case Term.SetCompr c -> {}
            case Term.ObjectCompr c -> {}
            case Term.Call c -> c.args().forEach(a -> collectScope(a, out));
        }
    }

    static void collectScope(Stmt s, Set<String> out) {
        switch (s.literal()) {
            case Literal.Expr e -> collectScope(e.term(), out);
            case Literal.Not n -> collectScope(n.term(), out);
            case Literal.NotBody n -> {}
            case Literal.Logical l -> {
                // A bare operand's variables belong to the enclosing body, as under `not`;
                // a braced operand is a scope of its own.
                if (!l.explicitLhs()) {
                    l.lhs().forEach(inner -> collectScope(inner, out));
                }
                if (!l.explicitRhs()) {
                    l.rhs().forEach(inner -> collectScope(inner, out));
                }
            }
            case Literal.SomeVars sv -> sv.vars().forEach(v -> out.add(v.name()));
            case Literal.SomeIn si -> {
                if (si.key() != null) {
                    collectScope(si.key(), out);
                }
                collectScope(si.value(), out);
                collectScope(si.collection(), out);
            }
            case Literal.Every ev -> collectScope(ev.domain(), out);
        }
        for (With w : s.withs()) {
            collectScope(w.value(), out);
        }
    }

    /**
     * Variables that must be bound before {@code t} can be evaluated to values. Variables in ref
     * path positions are not inputs: evaluation enumerates them. A comprehension needs the
     * variables it shares with the enclosing scope ({@code outer}).
     */
    static void inputs(Term t, Set<String> outer, Set<String> out) {
        switch (t) {
            case Term.Var v -> addLocal(v, out);
            case Term.Scalar s -> {}
            case Term.Ref r -> {
                inputs(r.head(), outer, out);
                for (Term p : r.path()) {
                    if (!(p instanceof Term.Var)) {
                        pathInputs(p, outer, out);
                    }
                }
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> inputs(i, outer, out));
            case Term.SetTerm s -> s.items().forEach(i -> inputs(i, outer, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    inputs(e.key(), outer, out);
                    inputs(e.value(), outer, out);
                });
            case Term.ArrayCompr c -> closure(t, outer, out);
            case Term.SetCompr c -> closure(t, outer, out);
            case Term.ObjectCompr c -> closure(t, outer, out);
            case Term.Call c -> c.args().forEach(a -> inputs(a, outer, out));
        }
    }

    /** A composite in a ref path is a pattern: its bare variables are bound by the lookup. */
    private static void pathInputs(Term p, Set<String> outer, Set<String> out) {
        switch (p) {
            case Term.Var v -> {}
            case Term.ArrayTerm a -> a.items().forEach(i -> pathInputs(i, outer, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    inputs(e.key(), outer, out);
                    pathInputs(e.value(), outer, out);
                });
            default -> inputs(p, outer, out);
        }
    }

    private static void closure(Term compr, Set<String> outer, Set<String> out) {
        for (String v : all(compr)) {
            if (outer.contains(v)) {
                out.add(v);
            }
        }
    }

    /** Variables that evaluating {@code t} binds by enumeration: bare variables in ref paths. */
    static void outputs(Term t, Set<String> out) {
        switch (t) {
            case Term.Var v -> {}
            case Term.Scalar s -> {}
            case Term.Ref r -> {
                outputs(r.head(), out);
                for (Term p : r.path()) {
                    pathOutputs(p, out);
                }
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> outputs(i, out));
            case Term.SetTerm s -> s.items().forEach(i -> outputs(i, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    outputs(e.key(), out);
                    outputs(e.value(), out);
                });
            case Term.ArrayCompr c -> {}
            case Term.SetCompr c -> {}
            case Term.ObjectCompr c -> {}
            case Term.Call c -> c.args().forEach(a -> outputs(a, out));
        }
    }

    private static void pathOutputs(Term p, Set<String> out) {
        switch (p) {
            case Term.Var v -> addLocal(v, out);
            case Term.ArrayTerm a -> a.items().forEach(i -> pathOutputs(i, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> pathOutputs(e.value(), out));
            default -> outputs(p, out);
        }
    }

    /**
     * Variables a unification binds when {@code t} is matched against a value: bare variables
     * and those nested in array and object patterns, plus what its refs enumerate.
     */
    static void patternVars(Term t, Set<String> out) {
        switch (t) {
            case Term.Var v -> addLocal(v, out);
            case Term.ArrayTerm a -> a.items().forEach(i -> patternVars(i, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> patternVars(e.value(), out));
            default -> outputs(t, out);
        }
    }

    /** Variables of a pattern that cannot be bound by matching it: object keys, call operands. */
    static void patternInputs(Term t, Set<String> outer, Set<String> out) {
        switch (t) {
            case Term.Var v -> {}
            case Term.ArrayTerm a -> a.items().forEach(i -> patternInputs(i, outer, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    inputs(e.key(), outer, out);
                    patternInputs(e.value(), outer, out);
                });
            default -> inputs(t, outer, out);
        }
    }
}
