package dev.lap.policy.internal.compile;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OPA's checks of local variable declarations, on the modules as written (before names are
 * resolved), scope by scope as OPA's {@code RewriteLocalVars} stage walks them: a rule body with
 * its function arguments, and each comprehension, {@code every}, {@code not { }} and braced
 * {@code and}/{@code or} operand body nested in it.
 *
 * <ul>
 *   <li>a name declared ({@code x :=}, {@code some x}) where the same scope already has it is an
 *       error saying how it was there first: {@code var x referenced above}, {@code assigned
 *       above}, {@code declared above}, or {@code arg x redeclared};
 *   <li>{@code some x} that nothing uses is {@code declared var x unused};
 *   <li>strict mode only: {@code x := ...} that nothing reads is {@code assigned var x unused}, and
 *       a function argument no definition reads is {@code unused argument x}.
 * </ul>
 *
 * Names are compared as written: {@code input} and {@code data} refs are not variables here.
 */
final class LocalVarCheck {
    private enum Occurrence {
        ARG,
        SEEN,
        ASSIGNED,
        DECLARED
    }

    /** One variable in one scope: how it came, how often it was seen, the statement declaring it. */
    private static final class Entry {
        final Occurrence occurrence;
        final Location declaredAt;
        /** {@code every}'s key and value: declared, but OPA's unused check does not cover them here. */
        final boolean checkUnused;

        int count = 1;

        Entry(Occurrence occurrence, Location declaredAt, boolean checkUnused) {
            this.occurrence = occurrence;
            this.declaredAt = declaredAt;
            this.checkUnused = checkUnused;
        }
    }

    private final List<RegoError> errors;
    private final boolean strict;
    private final Deque<Map<String, Entry>> scopes = new ArrayDeque<>();

    LocalVarCheck(List<RegoError> errors, boolean strict) {
        this.errors = errors;
        this.strict = strict;
    }

    void module(Module m) {
        for (Rule r : m.rules()) {
            rule(r);
        }
    }

    private void rule(Rule r) {
        int errorsBefore = errors.size();
        Map<String, Entry> args = new LinkedHashMap<>();
        for (Term a : r.args()) {
            argVars(a, args);
        }
        Set<String> unusedArgs = new LinkedHashSet<>(args.keySet());
        for (Rule link = r; link != null; link = link.elseRule()) {
            // A comprehension in the head is a scope of its own, checked before the body.
            headClosures(link);
            Set<String> used = new LinkedHashSet<>();
            for (Term p : link.ref().path()) {
                TermVars.collectAll(p, used);
            }
            if (link.key() != null) {
                TermVars.collectAll(link.key(), used);
            }
            if (link.value() != null) {
                Set<String> valueVars = new LinkedHashSet<>();
                TermVars.collectAll(link.value(), valueVars);
                used.addAll(valueVars);
                unusedArgs.removeAll(valueVars);
            }
            Map<String, Entry> scope = new HashMap<>();
            args.forEach((k, e) -> {
                Entry copy = new Entry(e.occurrence, e.declaredAt, false);
                copy.count = e.count;
                scope.put(k, copy);
            });
            scopes.clear();
            scopes.push(scope);
            body(link.body(), used, errorsBefore);
            for (Map.Entry<String, Entry> e : scope.entrySet()) {
                if (e.getValue().occurrence == Occurrence.ARG && e.getValue().count > 1) {
                    unusedArgs.remove(e.getKey());
                }
            }
            scopes.clear();
        }
        if (strict && errors.size() == errorsBefore) {
            for (String a : unusedArgs) {
                errors.add(RegoError.at(
                        RegoError.COMPILE,
                        "unused argument " + a + ". (hint: use _ (wildcard variable) instead)",
                        r.loc()));
            }
        }
    }

    /** Variables of a function argument pattern; a repeated one counts as used. */
    private static void argVars(Term t, Map<String, Entry> out) {
        switch (t) {
            case Term.Var v -> {
                if (!v.isWildcard() && !isRoot(v.name())) {
                    Entry e = out.get(v.name());
                    if (e == null) {
                        out.put(v.name(), new Entry(Occurrence.ARG, v.loc(), false));
                    } else {
                        e.count++;
                    }
                }
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> argVars(i, out));
            case Term.ObjectTerm o -> o.entries().forEach(en -> argVars(en.value(), out));
            case Term.Ref r -> {
                argVars(r.head(), out);
                r.path().forEach(p -> argVars(p, out));
            }
            default -> {}
        }
    }

    private void headClosures(Rule link) {
        List<Term> head = new ArrayList<>(link.ref().path());
        if (link.key() != null) {
            head.add(link.key());
        }
        if (link.value() != null) {
            head.add(link.value());
        }
        for (Term t : head) {
            scopes.clear();
            scopes.push(new HashMap<>());
            closuresOnly(t);
            scopes.clear();
        }
    }

    /** Checks the comprehensions inside a head term, each a fresh scope as in OPA. */
    private void closuresOnly(Term t) {
        switch (t) {
            case Term.ArrayCompr c -> closure(List.of(c.head()), c.body());
            case Term.SetCompr c -> closure(List.of(c.head()), c.body());
            case Term.ObjectCompr c -> closure(List.of(c.key(), c.value()), c.body());
            case Term.Ref r -> {
                closuresOnly(r.head());
                r.path().forEach(this::closuresOnly);
            }
            case Term.Call c -> c.args().forEach(this::closuresOnly);
            case Term.ArrayTerm a -> a.items().forEach(this::closuresOnly);
            case Term.SetTerm s -> s.items().forEach(this::closuresOnly);
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    closuresOnly(e.key());
                    closuresOnly(e.value());
                });
            case Term.Scalar s -> {}
            case Term.Var v -> {}
        }
    }

    /**
     * The statements of the innermost scope, then its unused declarations. {@code used} are the
     * variables the scope's owner reads outside the body (a rule's head, a comprehension's head).
     */
    private void body(List<Stmt> body, Set<String> used, int errorsBefore) {
        for (Stmt s : body) {
            stmt(s);
        }
        if (errors.size() != errorsBefore) {
            return; // as OPA: no unused-variable errors on top of declaration errors
        }
        Map<String, Entry> scope = scopes.peek();
        List<Map.Entry<String, Entry>> unused = new ArrayList<>();
        for (Map.Entry<String, Entry> e : scope.entrySet()) {
            Entry v = e.getValue();
            boolean reported = v.occurrence == Occurrence.DECLARED && v.checkUnused
                    || strict && v.occurrence == Occurrence.ASSIGNED;
            if (reported && v.count <= 1 && !used.contains(e.getKey())) {
                unused.add(e);
            }
        }
        unused.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, Entry> e : unused) {
            String what = e.getValue().occurrence == Occurrence.DECLARED ? "declared" : "assigned";
            errors.add(
                    RegoError.at(RegoError.COMPILE, what + " var " + e.getKey() + " unused", e.getValue().declaredAt));
        }
    }

    private void stmt(Stmt s) {
        switch (s.literal()) {
            case Literal.Expr e -> {
                if (isAssign(e.term())) {
                    Term.Call c = (Term.Call) e.term();
                    seen(c.args().get(1));
                    withValues(s);
                    declarePattern(c.args().get(0), Occurrence.ASSIGNED, s.loc());
                    return;
                }
                seen(e.term());
            }
            case Literal.Not n -> {
                if (isAssign(n.term())) {
                    errors.add(
                            RegoError.at(RegoError.COMPILE, "cannot assign vars inside negated expression", s.loc()));
                    return;
                }
                seen(n.term());
            }
            case Literal.NotBody nb -> nested(nb.body(), Set.of());
            case Literal.Logical l -> {
                nested(l.lhs(), Set.of());
                nested(l.rhs(), Set.of());
            }
            case Literal.SomeVars sv -> {
                for (Term.Var v : sv.vars()) {
                    if (!declare(v.name(), Occurrence.DECLARED, s.loc(), s.loc(), true)) {
                        return;
                    }
                }
            }
            case Literal.SomeIn si -> {
                // As OPA: `some k, v in xs` declares what the patterns bind that xs does not name.
                Set<String> container = new LinkedHashSet<>();
                TermVars.collectAll(si.collection(), container);
                Set<String> outputs = new java.util.TreeSet<>();
                if (si.key() != null) {
                    TermVars.patternVars(si.key(), outputs);
                }
                TermVars.patternVars(si.value(), outputs);
                outputs.removeAll(container);
                for (String v : outputs) {
                    if (!v.equals(Term.Var.WILDCARD) && !declare(v, Occurrence.DECLARED, s.loc(), s.loc(), true)) {
                        return;
                    }
                }
                if (si.key() != null) {
                    seen(si.key());
                }
                seen(si.value());
                seen(si.collection());
            }
            case Literal.Every ev -> {
                seen(ev.domain());
                scopes.push(new HashMap<>());
                try {
                    if (ev.key() != null
                            && !ev.key().isWildcard()
                            && !declare(ev.key().name(), Occurrence.DECLARED, s.loc(), s.loc(), false)) {
                        return;
                    }
                    if (!ev.value().isWildcard()
                            && !declare(ev.value().name(), Occurrence.DECLARED, s.loc(), s.loc(), false)) {
                        return;
                    }
                    body(ev.body(), Set.of(), errors.size());
                } finally {
                    scopes.pop();
                }
            }
        }
        withValues(s);
    }

    private void withValues(Stmt s) {
        for (With w : s.withs()) {
            seen(w.value());
        }
    }

    private static boolean isAssign(Term t) {
        return t instanceof Term.Call c
                && "assign".equals(c.operator().dottedName())
                && c.args().size() == 2;
    }

    private void nested(List<Stmt> body, Set<String> used) {
        scopes.push(new HashMap<>());
        try {
            body(body, used, errors.size());
        } finally {
            scopes.pop();
        }
    }

    private void closure(List<Term> heads, List<Stmt> body) {
        Set<String> used = new LinkedHashSet<>();
        for (Term h : heads) {
            TermVars.collectAll(h, used);
        }
        scopes.push(new HashMap<>());
        try {
            body(body, used, errors.size());
            heads.forEach(this::seen);
        } finally {
            scopes.pop();
        }
    }

    private void declarePattern(Term t, Occurrence occ, Location stmt) {
        switch (t) {
            case Term.Var v -> {
                if (!v.isWildcard()) {
                    declare(v.name(), occ, v.loc(), stmt, true);
                }
            }
            case Term.Ref r
            when r.path().isEmpty() && r.head() instanceof Term.Var v -> declare(v.name(), occ, v.loc(), stmt, true);
            case Term.ArrayTerm a -> a.items().forEach(i -> declarePattern(i, occ, stmt));
            case Term.ObjectTerm o -> o.entries().forEach(e -> declarePattern(e.value(), occ, stmt));
            default -> seen(t);
        }
    }

    /**
     * Declares {@code name} in the innermost scope, or reports how that scope already has it.
     * Returns whether the declaration was accepted.
     */
    private boolean declare(String name, Occurrence occ, Location at, Location stmt, boolean checkUnused) {
        Map<String, Entry> scope = scopes.peek();
        Entry prior = scope.get(name);
        if (prior != null) {
            String message = switch (prior.occurrence) {
                case SEEN -> "var " + name + " referenced above";
                case ASSIGNED -> "var " + name + " assigned above";
                case DECLARED -> "var " + name + " declared above";
                case ARG -> "arg " + name + " redeclared";
            };
            errors.add(RegoError.at(RegoError.COMPILE, message, at));
            return false;
        }
        scope.put(name, new Entry(occ, stmt, checkUnused));
        return true;
    }

    /** Marks every variable {@code t} reads; comprehensions are scopes of their own. */
    private void seen(Term t) {
        switch (t) {
            case Term.Var v -> {
                if (!v.isWildcard()) {
                    seenVar(v.name(), v.loc());
                }
            }
            case Term.Ref r -> {
                if (r.head() instanceof Term.Var v && isRoot(v.name())) {
                    countIfDeclared(v.name()); // `some input` makes input a local, as in OPA
                } else {
                    seen(r.head());
                }
                r.path().forEach(this::seen);
            }
            case Term.Call c -> c.args().forEach(this::seen);
            case Term.ArrayTerm a -> a.items().forEach(this::seen);
            case Term.SetTerm s -> s.items().forEach(this::seen);
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    seen(e.key());
                    seen(e.value());
                });
            case Term.ArrayCompr c -> closure(List.of(c.head()), c.body());
            case Term.SetCompr c -> closure(List.of(c.head()), c.body());
            case Term.ObjectCompr c -> closure(List.of(c.key(), c.value()), c.body());
            case Term.Scalar s -> {}
        }
    }

    private void seenVar(String name, Location at) {
        if (isRoot(name)) {
            return;
        }
        for (Map<String, Entry> scope : scopes) {
            Entry e = scope.get(name);
            if (e != null) {
                e.count++;
                return;
            }
        }
        scopes.peek().put(name, new Entry(Occurrence.SEEN, at, false));
    }

    private void countIfDeclared(String name) {
        for (Map<String, Entry> scope : scopes) {
            Entry e = scope.get(name);
            if (e != null) {
                e.count++;
                return;
            }
        }
    }

    private static boolean isRoot(String name) {
        return name.equals("input") || name.equals("data");
    }
}
