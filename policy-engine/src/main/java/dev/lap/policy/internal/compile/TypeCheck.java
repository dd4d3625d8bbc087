package dev.lap.policy.internal.compile;

import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.AstWalk;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.builtins.Builtin;
import dev.lap.policy.internal.builtins.BuiltinRegistry;
import dev.lap.policy.internal.builtins.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A conservative part of OPA's type checker: a builtin operand whose type is known and can never
 * be one the builtin's declaration accepts ({@code abs("a")}, {@code count(1)}, {@code
 * concat(",", {"a": 1})}) is a {@code rego_type_error}, {@code abs: invalid argument(s)}, before
 * anything runs. So is an output operand that cannot hold the result ({@code abs(-1, "x")}).
 *
 * <p>Only what is obviously typed counts: constants, composite literals and comprehensions (their
 * kind, not their elements), calls of builtins declaring a result kind, and refs to the rules of
 * a node whose every definition gives a value of a known kind ({@code hosts contains "x"} is a
 * set), and locals assigned ({@code x := "a"}) one of those. Everything else (input, data,
 * variables bound by unification or iteration) may be anything, so no valid policy is refused.
 */
final class TypeCheck {
    private final BuiltinRegistry builtins;
    private final DataNode root;
    private final List<RegoError> errors;
    private final Map<DataNode, @Nullable Set<String>> ruleKinds = new IdentityHashMap<>();
    /**
     * What each local of the rule or query being checked is assigned with {@code :=}. A name is
     * assigned once per scope (the compiler refuses more) and nested scopes have unique names,
     * so its kind is its right-hand side's; two {@code else} links may assign one name, and
     * then it has either kind.
     */
    private final Map<String, List<Term>> assigned = new java.util.HashMap<>();
    /**
     * Names used in a nested body (comprehension, {@code every}, {@code not { }}, {@code and}/
     * {@code or} operand): one written there before the outer {@code x :=} is a variable of its
     * own with the same name, so these are not typed by the outer assignment.
     */
    private final Set<String> nested = new java.util.HashSet<>();
    /** Locals whose kind is being worked out, so that {@code x := y; y := x} ends. */
    private final Set<String> resolving = new java.util.HashSet<>();

    TypeCheck(BuiltinRegistry builtins, DataNode root, List<RegoError> errors) {
        this.builtins = builtins;
        this.root = root;
        this.errors = errors;
    }

    void rule(Rule r) {
        Set<Term.Call> top = topLevelCalls(r);
        assigned.clear();
        nested.clear();
        AstWalk.rule(r, this::noteAssignment);
        for (Rule link = r; link != null; link = link.elseRule()) {
            noteNested(link.body());
        }
        AstWalk.rule(r, t -> check(t, top));
    }

    private void noteNested(List<Stmt> body) {
        for (Stmt s : body) {
            switch (s.literal()) {
                case Literal.NotBody nb -> TermVars.collectAll(nb.body(), nested);
                case Literal.Logical l -> {
                    TermVars.collectAll(l.lhs(), nested);
                    TermVars.collectAll(l.rhs(), nested);
                }
                case Literal.Every ev -> TermVars.collectAll(ev.body(), nested);
                default -> {}
            }
        }
    }

    private void noteAssignment(Term t) {
        switch (t) {
            case Term.ArrayCompr c -> TermVars.collectAll(t, nested);
            case Term.SetCompr c -> TermVars.collectAll(t, nested);
            case Term.ObjectCompr c -> TermVars.collectAll(t, nested);
            default -> {}
        }
        if (t instanceof Term.Call c
                && "assign".equals(c.operator().dottedName())
                && c.args().size() == 2
                && c.args().get(0) instanceof Term.Var v) {
            assigned.computeIfAbsent(v.name(), k -> new ArrayList<>())
                    .add(c.args().get(1));
        }
    }

    /** The statement calls of every body of the rule, comprehensions in its head included. */
    static Set<Term.Call> topLevelCalls(Rule r) {
        Set<Term.Call> top = Collections.newSetFromMap(new IdentityHashMap<>());
        AstWalk.rule(r, t -> closureTops(t, top));
        for (Rule link = r; link != null; link = link.elseRule()) {
            collectTop(link.body(), top);
        }
        return top;
    }

    private static void closureTops(Term t, Set<Term.Call> top) {
        switch (t) {
            case Term.ArrayCompr c -> collectTop(c.body(), top);
            case Term.SetCompr c -> collectTop(c.body(), top);
            case Term.ObjectCompr c -> collectTop(c.body(), top);
            default -> {}
        }
    }

    void body(List<Stmt> body) {
        Set<Term.Call> top = topLevelCalls(body);
        assigned.clear();
        nested.clear();
        AstWalk.body(body, this::noteAssignment);
        noteNested(body);
        AstWalk.body(body, t -> check(t, top));
    }

    /**
     * Calls that are a statement of their own: only these may take one operand more than
     * declared, the output ({@code count(xs, n)}), as in OPA.
     */
    static Set<Term.Call> topLevelCalls(List<Stmt> body) {
        Set<Term.Call> top = Collections.newSetFromMap(new IdentityHashMap<>());
        collectTop(body, top);
        return top;
    }

    private static void collectTop(List<Stmt> body, Set<Term.Call> top) {
        for (Stmt s : body) {
            switch (s.literal()) {
                case Literal.Expr e -> {
                    if (e.term() instanceof Term.Call c) {
                        top.add(c);
                    }
                }
                case Literal.Not n -> {
                    if (n.term() instanceof Term.Call c) {
                        top.add(c);
                    }
                }
                case Literal.NotBody nb -> collectTop(nb.body(), top);
                case Literal.Logical l -> {
                    collectTop(l.lhs(), top);
                    collectTop(l.rhs(), top);
                }
                case Literal.Every ev -> collectTop(ev.body(), top);
                case Literal.SomeVars sv -> {}
                case Literal.SomeIn si -> {}
            }
        }
        AstWalk.body(body, t -> closureTops(t, top));
    }

    private void check(Term t, Set<Term.Call> top) {
        if (!(t instanceof Term.Call c) || c.operator().dottedName() == null) {
            return;
        }
        Builtin b = builtins.get(c.operator().dottedName());
        if (b == null) {
            return;
        }
        List<Term> args = c.args();
        int n = Math.min(b.arity(), args.size());
        boolean mismatch = false;
        for (int i = 0; i < n && !mismatch; i++) {
            mismatch = !fits(kinds(args.get(i)), b.args().get(i));
        }
        if (!mismatch && top.contains(c) && args.size() == b.arity() + 1) {
            mismatch = !fits(kinds(args.get(b.arity())), b.result());
        }
        if (mismatch) {
            errors.add(RegoError.at(RegoError.TYPE, b.name() + ": invalid argument(s)", c.loc())
                    .withDetails(details(c, b, b.arity())));
        }
    }

    /** Whether a value of one of {@code kinds} (null: unknown) may be of type {@code t}. */
    private static boolean fits(@Nullable Set<String> kinds, Type t) {
        if (kinds == null) {
            return true;
        }
        return switch (t) {
            case Type.Any a -> true;
            case Type.Kind k -> kinds.contains(k.name());
            case Type.OneOf o -> o.kinds().stream().anyMatch(k -> kinds.contains(k.name()));
        };
    }

    /** The kinds of value {@code t} can have, or null when it could be anything. */
    private @Nullable Set<String> kinds(Term t) {
        return switch (t) {
            case Term.Scalar s -> Set.of(s.value().typeName());
            case Term.ArrayTerm a -> Set.of("array");
            case Term.ArrayCompr a -> Set.of("array");
            case Term.SetTerm s -> Set.of("set");
            case Term.SetCompr s -> Set.of("set");
            case Term.ObjectTerm o -> Set.of("object");
            case Term.ObjectCompr o -> Set.of("object");
            case Term.Call c -> {
                Builtin b = c.operator().dottedName() == null
                        ? null
                        : builtins.get(c.operator().dottedName());
                yield b == null || c.args().size() != b.arity() ? null : kinds(b.result());
            }
            case Term.Ref r -> refKinds(r);
            case Term.Var v -> localKinds(v.name());
        };
    }

    private @Nullable Set<String> localKinds(String name) {
        List<Term> values = assigned.get(name);
        if (values == null || nested.contains(name) || !resolving.add(name)) {
            return null;
        }
        try {
            Set<String> out = new LinkedHashSet<>();
            for (Term value : values) {
                Set<String> k = kinds(value);
                if (k == null) {
                    return null;
                }
                out.addAll(k);
            }
            return out;
        } finally {
            resolving.remove(name);
        }
    }

    private static @Nullable Set<String> kinds(Type t) {
        return switch (t) {
            case Type.Any a -> null;
            case Type.Kind k -> Set.of(k.name());
            case Type.OneOf o -> {
                Set<String> out = new LinkedHashSet<>();
                o.kinds().forEach(k -> out.add(k.name()));
                yield out;
            }
        };
    }

    /** The kinds of a ref naming exactly a node of rules, from what its definitions give. */
    private @Nullable Set<String> refKinds(Term.Ref r) {
        String name = r.dottedName();
        if (name == null || !name.startsWith("data.")) {
            return null;
        }
        DataNode n = root;
        for (String k : name.substring(5).split("\\.")) {
            n = n == null ? null : n.child(k);
        }
        if (n == null || !n.hasRules() || n.isFunction()) {
            return null;
        }
        if (ruleKinds.containsKey(n)) {
            return ruleKinds.get(n);
        }
        ruleKinds.put(n, null); // a ref back to this node while working it out: unknown
        Set<String> kinds = nodeKinds(n);
        ruleKinds.put(n, kinds);
        return kinds;
    }

    private @Nullable Set<String> nodeKinds(DataNode n) {
        List<Rule> all = new ArrayList<>(n.rules());
        if (n.defaultRule() != null) {
            all.add(n.defaultRule());
        }
        Set<String> out = new LinkedHashSet<>();
        for (Rule r : all) {
            if (Program.constantPathLength(r.ref()) != r.ref().path().size()) {
                out.add("object");
                continue;
            }
            if (r.kind() == Rule.Kind.MULTI) {
                out.add("set");
                continue;
            }
            for (Rule link = r; link != null; link = link.elseRule()) {
                Set<String> k = link.value() == null ? Set.of("boolean") : kinds(link.value());
                if (k == null) {
                    return null;
                }
                out.addAll(k);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * OPA's detail lines under an argument error: the operands' types as far as known, and the
     * declaration's, result last ({@code have: (string)}, {@code want: (number, number)}). OPA
     * also names each declared operand ({@code x: number}); the declarations here carry no names.
     */
    List<String> details(Term.Call c, @Nullable Builtin b, int arity) {
        List<String> want = new ArrayList<>();
        if (b == null) {
            for (int i = 0; i <= arity; i++) {
                want.add("any"); // a user function: its operands and its result
            }
        } else {
            b.args().forEach(t -> want.add(describe(t)));
            want.add(describe(b.result()));
        }
        return List.of("have: " + have(c.args()), "want: (" + String.join(", ", want) + ")");
    }

    private String have(List<Term> args) {
        List<String> out = new ArrayList<>();
        for (Term a : args) {
            Set<String> k = kinds(a);
            out.add(k == null ? "any" : k.size() == 1 ? k.iterator().next() : "any<" + String.join(", ", k) + ">");
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String describe(Type t) {
        return switch (t) {
            case Type.Any a -> "any";
            case Type.Kind k -> k.name();
            case Type.OneOf o ->
                "any<"
                        + String.join(
                                ", ", o.kinds().stream().map(Type.Kind::name).toList()) + ">";
        };
    }
}
