package dev.lap.policy.internal.compile;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.Import;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import dev.lap.policy.internal.builtins.BuiltinRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Rewrites names to what they mean: a rule of the package becomes {@code data.pkg.name}, an
 * import alias its imported ref, {@code input} and {@code data} refs with empty paths; call
 * operators become user-function refs under {@code data} or builtin names; every wildcard {@code _}
 * gets a unique name. What is left as a {@link Term.Var} is a local variable.
 */
final class Resolver {
    /**
     * The head of a ref that names a builtin as a value, which only a {@code with} may do
     * ({@code with f as count}): {@code $builtin.count}. The {@code $} keeps it from ever
     * colliding with a name written in Rego.
     */
    static final String BUILTIN_REF = "$builtin";

    private final List<String> packagePath;
    private final Map<String, Term.Ref> imports;
    private final Set<String> ruleRoots;
    private final BuiltinRegistry builtins;
    private final AtomicInteger wildcards;
    private final List<RegoError> errors;
    /** Names declared in the rule's own body, arguments and head: kept as written. */
    private Set<String> locals = Set.of();
    /**
     * Nested scopes (comprehension and {@code every} bodies), innermost first. A name declared
     * in one ({@code some x}, {@code x := ...}) is a new variable that shadows any outer one, so
     * it gets a unique name.
     */
    private final java.util.Deque<Map<String, String>> scopes = new java.util.ArrayDeque<>();

    Resolver(
            List<String> packagePath,
            List<Import> moduleImports,
            Set<String> ruleRoots,
            BuiltinRegistry builtins,
            AtomicInteger wildcards,
            List<RegoError> errors) {
        this.packagePath = packagePath;
        this.ruleRoots = ruleRoots;
        this.builtins = builtins;
        this.wildcards = wildcards;
        this.errors = errors;
        this.imports = new HashMap<>();
        for (Import imp : moduleImports) {
            String root = imp.path().head() instanceof Term.Var v ? v.name() : "";
            if (!root.equals("data") && !root.equals("input")) {
                continue; // rego.v1, future.keywords.*: no names to bind
            }
            String alias = imp.alias();
            if (alias == null) {
                List<Term> path = imp.path().path();
                if (path.isEmpty()) {
                    alias = root;
                } else if (path.get(path.size() - 1) instanceof Term.Scalar s
                        && s.value() instanceof dev.lap.policy.value.StringValue str) {
                    alias = str.value();
                } else {
                    continue;
                }
            }
            imports.put(alias, imp.path());
        }
    }

    Rule resolve(Rule rule) {
        locals = Set.of();
        scopes.clear();
        return resolveRule(rule);
    }

    List<Stmt> resolveQuery(List<Stmt> body) {
        // A query keeps its top-level names as written: they are the bindings it reports.
        Set<String> declared = new HashSet<>();
        for (Stmt s : body) {
            collectDeclared(s, declared);
        }
        locals = declared;
        scopes.clear();
        return body(body);
    }

    /**
     * Resolves one link of a rule. Its arguments and head variables open the rule's scope;
     * declarations in the body ({@code x :=}, {@code some x}) take effect in order, as in OPA, so
     * a comprehension written before {@code x := ...} has an {@code x} of its own. The head is
     * resolved last, seeing the body's declarations.
     */
    private Rule resolveRule(Rule r) {
        Map<String, String> ruleScope = new HashMap<>();
        for (Term a : r.args()) {
            for (String v : TermVars.all(a)) {
                if (!v.equals(Term.Var.WILDCARD)) {
                    ruleScope.put(v, v);
                }
            }
        }
        // A variable in the head ({@code p[q]}) is not declared by being there: as in OPA, one
        // naming a rule of the package is that rule's value, unless the body declares it.
        scopes.push(ruleScope);
        List<Term> args;
        List<Stmt> body;
        List<Term> path = new ArrayList<>();
        Term key;
        Term value;
        try {
            args = r.args().stream().map(this::term).toList();
            body = body(r.body());
            // The head's first name is the rule's own; only its dynamic parts are resolved.
            for (Term p : r.ref().path()) {
                path.add(p instanceof Term.Scalar ? p : term(p));
            }
            key = r.key() == null ? null : term(r.key());
            value = r.value() == null ? null : term(r.value());
        } finally {
            scopes.pop();
        }
        return new Rule(
                r.loc(),
                r.kind(),
                new Term.Ref(r.ref().loc(), r.ref().head(), path),
                args,
                key,
                value,
                r.assign(),
                r.isDefault(),
                body,
                r.elseRule() == null ? null : resolveRule(r.elseRule()));
    }

    private List<Stmt> body(List<Stmt> body) {
        List<Stmt> out = new ArrayList<>(body.size());
        for (Stmt s : body) {
            out.add(stmt(s));
        }
        return out;
    }

    private Stmt stmt(Stmt s) {
        Literal lit = switch (s.literal()) {
            case Literal.Expr e -> new Literal.Expr(expr(e.term()));
            case Literal.Not n -> new Literal.Not(term(n.term()));
            case Literal.NotBody nb -> new Literal.NotBody(nested(() -> body(nb.body())));
            case Literal.Logical l ->
                new Literal.Logical(
                        l.op(),
                        operand(l.op(), l.lhs(), l.explicitLhs()),
                        l.explicitLhs(),
                        operand(l.op(), l.rhs(), l.explicitRhs()),
                        l.explicitRhs());
            case Literal.SomeVars sv ->
                new Literal.SomeVars(
                        sv.vars().stream().map(v -> (Term.Var) declare(v)).toList());
            case Literal.SomeIn si -> {
                Term coll = term(si.collection());
                if (si.key() != null) {
                    declarePattern(si.key());
                }
                declarePattern(si.value());
                yield new Literal.SomeIn(si.key() == null ? null : term(si.key()), term(si.value()), coll);
            }
            case Literal.Every ev -> {
                Term domain = term(ev.domain());
                scopes.push(new HashMap<>());
                try {
                    Term.Var key = ev.key() == null ? null : (Term.Var) declare(ev.key());
                    Term.Var value = (Term.Var) declare(ev.value());
                    yield new Literal.Every(key, value, domain, body(ev.body()));
                } finally {
                    scopes.pop();
                }
            }
        };
        List<With> withs = new ArrayList<>();
        for (With w : s.withs()) {
            withs.add(new With(w.loc(), withTarget(w.target()), withValue(w.value())));
        }
        return new Stmt(s.loc(), lit, withs);
    }

    /**
     * An operand of {@code and}/{@code or} has its own scope, as a {@code not} body does. Only a
     * braced one may declare variables: a bare {@code x := 1 and ...} would read as if {@code x}
     * outlived the operand, so OPA rejects it.
     */
    private List<Stmt> operand(Literal.Logical.Op op, List<Stmt> operand, boolean explicit) {
        if (!explicit) {
            for (Stmt s : operand) {
                if (s.literal() instanceof Literal.Expr e
                        && e.term() instanceof Term.Call c
                        && "assign".equals(c.operator().dottedName())
                        && c.args().size() == 2) {
                    errors.add(RegoError.at(
                            RegoError.COMPILE,
                            "cannot assign vars inside implicit " + op.keyword() + " operand",
                            s.loc()));
                }
            }
        }
        return nested(() -> body(operand));
    }

    /** A {@code with} value naming a builtin ({@code with f as count}) is a function, not a variable. */
    private Term withValue(Term value) {
        String name = value instanceof Term.Var v ? v.name() : value instanceof Term.Ref r ? r.dottedName() : null;
        if (name != null && builtins.get(name) != null) {
            String root = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            boolean shadowed = locals.contains(root)
                    || imports.containsKey(root)
                    || ruleRoots.contains(root)
                    || scopes.stream().anyMatch(sc -> sc.containsKey(root));
            if (!shadowed) {
                return new Term.Ref(
                        value.loc(),
                        new Term.Var(value.loc(), BUILTIN_REF),
                        List.of(Term.Scalar.string(value.loc(), name)));
            }
        }
        return term(value);
    }

    /** {@code with} targets: input and data paths, or a function (builtin or user-defined). */
    private Term.Ref withTarget(Term.Ref target) {
        String name = target.dottedName();
        if (name != null && !name.startsWith("input") && !name.startsWith("data") && builtins.get(name) != null) {
            String root = ((Term.Var) target.head()).name();
            if (!imports.containsKey(root) && !ruleRoots.contains(root)) {
                return target;
            }
        }
        Term t = term(target);
        if (t instanceof Term.Ref r) {
            return r;
        }
        errors.add(RegoError.at(
                RegoError.COMPILE,
                "with keyword target must reference existing input, data, or a function",
                target.loc()));
        return target;
    }

    /** {@code x := v} in a nested scope declares {@code x} there, after {@code v} is resolved. */
    private Term expr(Term t) {
        if (t instanceof Term.Call c
                && "assign".equals(c.operator().dottedName())
                && c.args().size() == 2) {
            Term rhs = term(c.args().get(1));
            declarePattern(c.args().get(0));
            return new Term.Call(c.loc(), c.operator(), List.of(term(c.args().get(0)), rhs));
        }
        return term(t);
    }

    /** Declares a variable in the innermost nested scope; at rule level names stay as written. */
    private Term declare(Term.Var v) {
        if (v.isWildcard()) {
            return variable(v);
        }
        Map<String, String> scope = scopes.peek();
        if (scope == null) {
            return v;
        }
        String unique = v.name() + "$" + wildcards.incrementAndGet();
        scope.put(v.name(), unique);
        return new Term.Var(v.loc(), unique);
    }

    private void declarePattern(Term t) {
        switch (t) {
            case Term.Var v -> {
                if (!v.isWildcard()) {
                    declare(v);
                }
            }
            case Term.ArrayTerm a -> a.items().forEach(this::declarePattern);
            case Term.ObjectTerm o -> o.entries().forEach(e -> declarePattern(e.value()));
            default -> {}
        }
    }

    private <T> T nested(java.util.function.Supplier<T> f) {
        scopes.push(new HashMap<>());
        try {
            return f.get();
        } finally {
            scopes.pop();
        }
    }

    Term term(Term t) {
        return switch (t) {
            case Term.Scalar s -> s;
            case Term.Var v -> variable(v);
            case Term.Ref r -> ref(r);
            case Term.ArrayTerm a -> new Term.ArrayTerm(a.loc(), terms(a.items()));
            case Term.SetTerm s -> new Term.SetTerm(s.loc(), terms(s.items()));
            case Term.ObjectTerm o ->
                new Term.ObjectTerm(
                        o.loc(),
                        o.entries().stream()
                                .map(e -> new Term.ObjectTerm.Entry(term(e.key()), term(e.value())))
                                .toList());
            case Term.ArrayCompr c ->
                nested(() -> {
                    List<Stmt> body = body(c.body());
                    return new Term.ArrayCompr(c.loc(), term(c.head()), body);
                });
            case Term.SetCompr c ->
                nested(() -> {
                    List<Stmt> body = body(c.body());
                    return new Term.SetCompr(c.loc(), term(c.head()), body);
                });
            case Term.ObjectCompr c ->
                nested(() -> {
                    List<Stmt> body = body(c.body());
                    return new Term.ObjectCompr(c.loc(), term(c.key()), term(c.value()), body);
                });
            case Term.Call c -> new Term.Call(c.loc(), operator(c.operator()), terms(c.args()));
        };
    }

    private List<Term> terms(List<Term> ts) {
        List<Term> out = new ArrayList<>(ts.size());
        for (Term t : ts) {
            out.add(term(t));
        }
        return out;
    }

    private Term variable(Term.Var v) {
        String name = v.name();
        if (v.isWildcard()) {
            return new Term.Var(v.loc(), "$_" + wildcards.incrementAndGet());
        }
        for (Map<String, String> scope : scopes) {
            String renamed = scope.get(name);
            if (renamed != null) {
                return new Term.Var(v.loc(), renamed);
            }
        }
        if (locals.contains(name)) {
            return v;
        }
        if (name.equals("input") || name.equals("data")) {
            return new Term.Ref(v.loc(), v, List.of());
        }
        Term.Ref imported = imports.get(name);
        if (imported != null) {
            return new Term.Ref(v.loc(), new Term.Var(v.loc(), rootName(imported)), imported.path());
        }
        if (ruleRoots.contains(name)) {
            return packageRef(v.loc(), name);
        }
        return v;
    }

    private static String rootName(Term.Ref r) {
        return ((Term.Var) r.head()).name();
    }

    private Term.Ref packageRef(Location loc, String name) {
        List<Term> path = new ArrayList<>();
        for (String p : packagePath) {
            path.add(Term.Scalar.string(loc, p));
        }
        path.add(Term.Scalar.string(loc, name));
        return new Term.Ref(loc, new Term.Var(loc, "data"), path);
    }

    private Term ref(Term.Ref r) {
        Term head = term(r.head());
        List<Term> path = new ArrayList<>(r.path().size());
        for (Term p : r.path()) {
            path.add(p instanceof Term.Scalar ? p : term(p));
        }
        if (head instanceof Term.Ref inner) {
            List<Term> joined = new ArrayList<>(inner.path());
            joined.addAll(path);
            return new Term.Ref(r.loc(), inner.head(), joined);
        }
        return new Term.Ref(r.loc(), head, path);
    }

    /** A call's operator: a user function under data, or a builtin by its dotted name. */
    private Term.Ref operator(Term.Ref op) {
        if (op.head() instanceof Term.Var v) {
            String root = v.name();
            if (root.equals("data") || imports.containsKey(root) || ruleRoots.contains(root)) {
                Term resolved = ref(op);
                if (resolved instanceof Term.Ref r) {
                    return r;
                }
            }
            if (locals.contains(root)) {
                errors.add(RegoError.at(
                        RegoError.TYPE,
                        "undefined function " + op.dottedName() + " (" + root + " is a variable)",
                        op.loc()));
            }
        }
        return op;
    }

    /** Names a query statement declares: {@code some}, {@code :=}, {@code some ... in}. */
    private static void collectDeclared(Stmt s, Set<String> out) {
        switch (s.literal()) {
            case Literal.Expr e -> collectDeclaredInTerm(e.term(), out);
            case Literal.Not n -> collectDeclaredInTerm(n.term(), out);
            case Literal.NotBody nb -> {}
            case Literal.Logical l -> {}
            case Literal.SomeVars sv -> sv.vars().forEach(v -> out.add(v.name()));
            case Literal.SomeIn si -> {
                if (si.key() != null) {
                    out.addAll(patternVarsOf(si.key()));
                }
                out.addAll(patternVarsOf(si.value()));
                collectDeclaredInTerm(si.collection(), out);
            }
            case Literal.Every ev -> collectDeclaredInTerm(ev.domain(), out);
        }
    }

    private static void collectDeclaredInTerm(Term t, Set<String> out) {
        switch (t) {
            case Term.Call c -> {
                if ("assign".equals(c.operator().dottedName()) && c.args().size() == 2) {
                    out.addAll(patternVarsOf(c.args().get(0)));
                }
                c.args().forEach(a -> collectDeclaredInTerm(a, out));
            }
            case Term.ArrayCompr c -> {}
            case Term.SetCompr c -> {}
            case Term.ObjectCompr c -> {}
            case Term.ArrayTerm a -> a.items().forEach(i -> collectDeclaredInTerm(i, out));
            case Term.SetTerm s -> s.items().forEach(i -> collectDeclaredInTerm(i, out));
            case Term.ObjectTerm o ->
                o.entries().forEach(e -> {
                    collectDeclaredInTerm(e.key(), out);
                    collectDeclaredInTerm(e.value(), out);
                });
            case Term.Ref r -> {
                collectDeclaredInTerm(r.head(), out);
                r.path().forEach(p -> collectDeclaredInTerm(p, out));
            }
            case Term.Var v -> {}
            case Term.Scalar s -> {}
        }
    }

    private static Set<String> patternVarsOf(Term t) {
        Set<String> out = new HashSet<>();
        collectPattern(t, out);
        return out;
    }

    private static void collectPattern(Term t, Set<String> out) {
        switch (t) {
            case Term.Var v -> {
                if (!v.isWildcard()) {
                    out.add(v.name());
                }
            }
            case Term.ArrayTerm a -> a.items().forEach(i -> collectPattern(i, out));
            case Term.ObjectTerm o -> o.entries().forEach(e -> collectPattern(e.value(), out));
            default -> {}
        }
    }

    static @Nullable String constantKey(Term t) {
        return t instanceof Term.Scalar s && s.value() instanceof dev.lap.policy.value.StringValue str
                ? str.value()
                : null;
    }
}
