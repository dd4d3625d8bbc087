package dev.lap.policy.internal.compile;

import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.internal.ast.AstWalk;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Module;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.builtins.Builtin;
import dev.lap.policy.internal.builtins.BuiltinRegistry;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Compiles parsed modules into a {@link Program}. The stages run in this order, each over all
 * modules, and compilation stops after the first stage that reports errors, since later stages
 * assume what earlier ones checked:
 *
 * <ol>
 *   <li>{@code checkUnusedImports}: in strict mode, an import no rule names is an error;
 *   <li>{@code checkKeywordOverrides}: no rule, argument or assigned variable named {@code input}
 *       or {@code data} (on the modules as written, as the next two);
 *   <li>{@code checkImports}: no import binds a name another import of its module binds;
 *   <li>{@code checkLocalVars}: no variable declared twice in one scope, no unused {@code some}
 *       declaration; in strict mode no unused assignment or function argument ({@link
 *       LocalVarCheck});
 *   <li>{@code buildRuleTree}: place every rule at the node of its package and head;
 *   <li>{@code checkRuleShapes}: the rules of one node build the same kind of document;
 *   <li>{@code resolveRefs}: imports, rule names, builtins, wildcards (needs the whole tree);
 *   <li>{@code checkFunctions}: calls name an existing function with a fitting number of
 *       operands (needs resolved operators);
 *   <li>{@code checkSafety}: reorder bodies, report unsafe variables (needs call arities to know
 *       which operand is an output);
 *   <li>{@code checkRecursion}: no rule depends on itself (needs resolved refs);
 *   <li>{@code foldConstants}: build composite literals without variables once, now (after
 *       safety, which reads their variables);
 *   <li>{@code checkTypes}: builtin operands of a known kind are of a kind the builtin accepts
 *       ({@link TypeCheck}; needs folded constants, so composite literals are checked too);
 *   <li>{@code buildIndexes}: bucket each node's rules by the input constants they test (needs
 *       the final bodies).
 * </ol>
 */
public final class Compiler {
    private final BuiltinRegistry builtins;
    private final boolean strict;
    private final List<RegoError> errors = new ArrayList<>();
    private final AtomicInteger generated = new AtomicInteger();
    private final DataNode root = new DataNode(List.of());
    private final Map<Rule, Module> moduleOf = new HashMap<>();

    private Compiler(BuiltinRegistry builtins, boolean strict) {
        this.builtins = builtins;
        this.strict = strict;
    }

    public static Program compile(List<Module> modules, Value baseData, BuiltinRegistry builtins) throws RegoException {
        return compile(modules, baseData, builtins, false);
    }

    /**
     * Compiles {@code modules}; {@code strict} adds OPA's strict-mode checks (unused assignments,
     * function arguments and imports).
     */
    public static Program compile(List<Module> modules, Value baseData, BuiltinRegistry builtins, boolean strict)
            throws RegoException {
        Compiler c = new Compiler(builtins, strict);
        List<Stage> stages = List.of(
                // In strict mode only; first, as OPA reports it while resolving refs, its first stage.
                new Stage("checkUnusedImports", () -> {
                    if (strict) {
                        modules.forEach(m -> RegoV1Checks.unusedImports(m, c.errors));
                    }
                }),
                new Stage(
                        "checkKeywordOverrides",
                        () -> modules.forEach(m -> RegoV1Checks.rootDocumentOverrides(m, c.errors))),
                new Stage("checkImports", () -> modules.forEach(m -> RegoV1Checks.duplicateImports(m, c.errors))),
                new Stage("checkLocalVars", () -> modules.forEach(new LocalVarCheck(c.errors, strict)::module)),
                new Stage("buildRuleTree", () -> c.buildRuleTree(modules)),
                new Stage("checkRuleShapes", c::checkRuleShapes),
                new Stage("resolveRefs", () -> c.resolveRefs(modules)),
                new Stage("checkFunctions", c::checkFunctions),
                new Stage("checkSafety", c::checkSafety),
                new Stage("checkRecursion", () -> new RecursionCheck(c.root, c.errors).run()),
                new Stage("foldConstants", c::foldConstants),
                new Stage("checkTypes", c::checkTypes),
                new Stage("buildIndexes", () -> forEachNode(c.root, DataNode::buildIndex)));
        for (Stage s : stages) {
            s.run.run();
            c.failOnErrors();
        }
        c.root.freeze();
        return new Program(c.root, baseData, builtins);
    }

    /** Resolves and orders an ad-hoc query against a compiled program. */
    public static CompiledQuery compileQuery(List<Stmt> body, Program program) throws RegoException {
        Compiler c = new Compiler(program.builtins(), false);
        c.root.replaceRules(List.of(), null);
        Set<String> userVars = new LinkedHashSet<>();
        for (Stmt s : body) {
            TermVars.collectScope(s, userVars);
        }
        Resolver r = new Resolver(List.of(), List.of(), Set.of(), program.builtins(), c.generated, c.errors);
        List<Stmt> resolved = r.resolveQuery(body);
        c.failOnErrors();
        c.checkCalls(resolved, program.root());
        c.failOnErrors();
        Safety safety = c.safety(program.root());
        List<Stmt> ordered = ConstantFolder.body(safety.reorder(resolved, new HashSet<>(), Set.of()));
        c.failOnErrors();
        new TypeCheck(program.builtins(), program.root(), c.errors).body(ordered);
        c.failOnErrors();
        userVars.removeIf(v -> v.startsWith("$") || v.equals("_"));
        return new CompiledQuery(ordered, List.copyOf(userVars));
    }

    /** A query ready to run, and the variables whose bindings it reports. */
    public record CompiledQuery(List<Stmt> body, List<String> resultVars) {}

    private record Stage(String name, Runnable run) {}

    private void failOnErrors() throws RegoException {
        if (!errors.isEmpty()) {
            List<RegoError> sorted = new ArrayList<>(errors);
            sorted.sort(Comparator.comparing((RegoError e) ->
                            e.location() == null ? "" : e.location().file())
                    .thenComparingInt(
                            e -> e.location() == null ? 0 : e.location().row())
                    .thenComparingInt(
                            e -> e.location() == null ? 0 : e.location().col()));
            throw new RegoException(sorted);
        }
    }

    private static List<String> packageKeys(Module m) {
        List<String> keys = new ArrayList<>();
        for (Term t : m.packagePath().path()) {
            String k = Resolver.constantKey(t);
            keys.add(k == null ? String.valueOf(t) : k);
        }
        return keys;
    }

    private void buildRuleTree(List<Module> modules) {
        for (Module m : modules) {
            DataNode pkg = root;
            for (String k : packageKeys(m)) {
                pkg = pkg.childOrCreate(k);
            }
            for (Rule r : m.rules()) {
                DataNode n = pkg.childOrCreate(((Term.Var) r.ref().head()).name());
                int constant = Program.constantPathLength(r.ref());
                for (int i = 0; i < constant; i++) {
                    n = n.childOrCreate(Resolver.constantKey(r.ref().path().get(i)));
                }
                moduleOf.put(r, m);
                if (r.isDefault()) {
                    if (n.defaultRule() != null) {
                        errors.add(RegoError.at(RegoError.TYPE, "multiple default rules " + n + " found", r.loc()));
                    }
                    n.setDefault(r);
                } else {
                    n.addRule(r);
                }
            }
        }
    }

    /**
     * The kind of document a rule builds at its node. Rules of one node must agree, or their
     * values could not be combined: {@code p := 1} next to {@code p contains 2}, or {@code p if
     * ...} next to {@code p[k] := v}, is a compile error, as in OPA.
     */
    private enum RuleShape {
        VALUE,
        SET,
        OBJECT,
        FUNCTION
    }

    private static RuleShape shapeOf(Rule r) {
        if (r.kind() == Rule.Kind.FUNCTION) {
            return RuleShape.FUNCTION;
        }
        if (Program.constantPathLength(r.ref()) != r.ref().path().size()) {
            return RuleShape.OBJECT;
        }
        return r.kind() == Rule.Kind.MULTI ? RuleShape.SET : RuleShape.VALUE;
    }

    private void checkRuleShapes() {
        forEachNode(root, n -> {
            RuleShape first = null;
            List<Rule> all = new ArrayList<>(n.rules());
            if (n.defaultRule() != null) {
                all.add(n.defaultRule());
            }
            for (Rule r : all) {
                // A default gives a value, or a function's value.
                RuleShape s = r.isDefault() && r.kind() != Rule.Kind.FUNCTION ? RuleShape.VALUE : shapeOf(r);
                if (first == null) {
                    first = s;
                } else if (s != first) {
                    errors.add(RegoError.at(RegoError.TYPE, "conflicting rules " + n + " found", r.loc()));
                    return;
                }
            }
        });
    }

    /** Rule names each package defines: the first name of every rule head, across its modules. */
    private Map<List<String>, Set<String>> ruleRoots(List<Module> modules) {
        Map<List<String>, Set<String>> roots = new HashMap<>();
        for (Module m : modules) {
            Set<String> names = roots.computeIfAbsent(packageKeys(m), k -> new HashSet<>());
            for (Rule r : m.rules()) {
                names.add(((Term.Var) r.ref().head()).name());
            }
        }
        return roots;
    }

    private void resolveRefs(List<Module> modules) {
        Map<List<String>, Set<String>> roots = ruleRoots(modules);
        Map<Module, Resolver> resolvers = new HashMap<>();
        for (Module m : modules) {
            List<String> pkg = packageKeys(m);
            resolvers.put(m, new Resolver(pkg, m.imports(), roots.get(pkg), builtins, generated, errors));
        }
        forEachNode(root, n -> {
            List<Rule> rules = new ArrayList<>();
            for (Rule r : n.rules()) {
                rules.add(resolvers.get(moduleOf.get(r)).resolve(r));
            }
            Rule def = n.defaultRule();
            n.replaceRules(
                    rules, def == null ? null : resolvers.get(moduleOf.get(def)).resolve(def));
        });
    }

    private static void forEachNode(DataNode n, Consumer<DataNode> f) {
        f.accept(n);
        for (DataNode c : n.children().values()) {
            forEachNode(c, f);
        }
    }

    private void checkFunctions() {
        forEachNode(root, n -> {
            for (Rule r : n.rules()) {
                new CallChecker(root).rule(r);
            }
        });
    }

    /** Reports calls of functions that do not exist or get the wrong number of operands. */
    void checkCalls(List<Stmt> body, DataNode tree) {
        new CallChecker(tree).body(body);
    }

    private Safety safety(DataNode tree) {
        return new Safety(errors, c -> {
            Integer arity = arity(c.operator(), tree);
            return arity != null && c.args().size() == arity + 1;
        });
    }

    /** The declared number of operands of the function {@code op} names, or null if unknown. */
    private Integer arity(Term.Ref op, DataNode tree) {
        String name = op.dottedName();
        if (name == null) {
            return null;
        }
        if (name.startsWith("data.")) {
            DataNode n = tree;
            for (String k : name.substring(5).split("\\.")) {
                n = n == null ? null : n.child(k);
            }
            if (n == null || !n.isFunction()) {
                return null;
            }
            Rule first = n.rules().isEmpty() ? n.defaultRule() : n.rules().get(0);
            return first.args().size();
        }
        Builtin b = builtins.get(name);
        return b == null ? null : b.arity();
    }

    private void checkSafety() {
        Safety safety = safety(root);
        forEachNode(root, n -> {
            List<Rule> rules = new ArrayList<>();
            for (Rule r : n.rules()) {
                rules.add(orderRule(r, safety));
            }
            Rule def = n.defaultRule();
            n.replaceRules(rules, def == null ? null : orderRule(def, safety));
        });
    }

    private void foldConstants() {
        forEachNode(root, n -> {
            List<Rule> rules = new ArrayList<>();
            for (Rule r : n.rules()) {
                rules.add(ConstantFolder.rule(r));
            }
            Rule def = n.defaultRule();
            n.replaceRules(rules, def == null ? null : ConstantFolder.rule(def));
        });
    }

    /** See {@link TypeCheck}: operands of a kind the builtin can never accept. */
    private void checkTypes() {
        TypeCheck types = new TypeCheck(builtins, root, errors);
        forEachNode(root, n -> {
            n.rules().forEach(types::rule);
            if (n.defaultRule() != null) {
                types.rule(n.defaultRule());
            }
        });
    }

    private Rule orderRule(Rule r, Safety safety) {
        r = computedArgsLast(r);
        Set<String> bound = new HashSet<>();
        Set<String> scope = new HashSet<>();
        for (Term a : r.args()) {
            TermVars.patternVars(a, bound);
            TermVars.collectScope(a, scope);
        }
        // Head variables belong to the body's scope: comprehensions may close over them.
        for (Term p : r.ref().path()) {
            TermVars.collectScope(p, scope);
        }
        if (r.key() != null) {
            TermVars.collectScope(r.key(), scope);
        }
        if (r.value() != null) {
            TermVars.collectScope(r.value(), scope);
        }
        List<Stmt> body = safety.reorder(r.body(), bound, scope);
        Term.Ref ref = r.ref();
        for (Term p : ref.path()) {
            safety.checkHead(p, bound, r.loc());
        }
        Term key = r.key() == null ? null : safety.nestedTerm(r.key(), bound, scope);
        Term value = r.value() == null ? null : safety.nestedTerm(r.value(), bound, scope);
        if (key != null) {
            safety.checkHead(key, bound, r.loc());
        }
        if (value != null) {
            safety.checkHead(value, bound, r.loc());
        }
        return new Rule(
                r.loc(),
                r.kind(),
                ref,
                r.args(),
                key,
                value,
                r.assign(),
                r.isDefault(),
                body,
                r.elseRule() == null ? null : orderRule(r.elseRule(), safety));
    }

    /**
     * A function argument that computes its value ({@code f($"{x} {input.y}") if { x = "foo" }})
     * cannot be matched against the caller's operand as a pattern, and may read variables only
     * the body binds. As OPA does, it becomes a fresh argument variable and a statement {@code
     * $argN = <argument>} at the end of the body, which ordering then places after what it reads.
     */
    private Rule computedArgsLast(Rule r) {
        if (r.kind() != Rule.Kind.FUNCTION || r.args().stream().noneMatch(Compiler::computes)) {
            return r;
        }
        List<Term> args = new ArrayList<>(r.args().size());
        List<Stmt> body = new ArrayList<>(r.body());
        for (Term a : r.args()) {
            if (!computes(a)) {
                args.add(a);
                continue;
            }
            Term.Var v = new Term.Var(a.loc(), "$arg" + generated.incrementAndGet());
            args.add(v);
            Term.Call eq = new Term.Call(a.loc(), Term.Ref.dotted(a.loc(), "eq"), List.of(v, a));
            body.add(new Stmt(a.loc(), new Literal.Expr(eq)));
        }
        return new Rule(
                r.loc(), r.kind(), r.ref(), args, r.key(), r.value(), r.assign(), r.isDefault(), body, r.elseRule());
    }

    /** Whether {@code t} holds a call outside any comprehension: it is computed, not a pattern. */
    private static boolean computes(Term t) {
        return switch (t) {
            case Term.Call c -> true;
            case Term.Ref ref -> computes(ref.head()) || ref.path().stream().anyMatch(Compiler::computes);
            case Term.ArrayTerm a -> a.items().stream().anyMatch(Compiler::computes);
            case Term.SetTerm st -> st.items().stream().anyMatch(Compiler::computes);
            case Term.ObjectTerm o -> o.entries().stream().anyMatch(e -> computes(e.key()) || computes(e.value()));
            case Term.Scalar sc -> false;
            case Term.Var v -> false;
            case Term.ArrayCompr c -> false;
            case Term.SetCompr c -> false;
            case Term.ObjectCompr c -> false;
        };
    }

    /**
     * Walks rules and bodies and reports calls that cannot resolve or get a number of operands
     * the function cannot take. A call that is a statement of its own may take one more, the
     * output ({@code count(xs, n)}); one nested in a term gives its result as the value, so it
     * must take exactly the declared number, as in OPA ({@code x := abs(1, 2)} is too many).
     */
    private final class CallChecker {
        private final DataNode tree;

        CallChecker(DataNode tree) {
            this.tree = tree;
        }

        void rule(Rule r) {
            Set<Term.Call> top = TypeCheck.topLevelCalls(r);
            AstWalk.rule(r, t -> {
                if (t instanceof Term.Call c) {
                    call(c, top.contains(c));
                }
            });
        }

        void body(List<Stmt> body) {
            Set<Term.Call> top = TypeCheck.topLevelCalls(body);
            AstWalk.body(body, t -> {
                if (t instanceof Term.Call c) {
                    call(c, top.contains(c));
                }
            });
        }

        private void call(Term.Call c, boolean statement) {
            String name = c.operator().dottedName();
            if (name == null) {
                errors.add(RegoError.at(RegoError.TYPE, "invalid function reference", c.loc()));
                return;
            }
            if (isSpecial(name)) {
                return;
            }
            Integer arity = arity(c.operator(), tree);
            if (arity == null) {
                errors.add(RegoError.at(RegoError.TYPE, "undefined function " + name, c.loc()));
                return;
            }
            int got = c.args().size();
            if (got < arity) {
                errors.add(arityError(name, "too few arguments", c, arity));
            } else if (got > arity + (statement ? 1 : 0)) {
                errors.add(arityError(name, "too many arguments", c, arity));
            }
        }

        private RegoError arityError(String name, String what, Term.Call c, int arity) {
            Builtin b = name.startsWith("data.") ? null : builtins.get(name);
            return RegoError.at(RegoError.TYPE, name + ": " + what, c.loc())
                    .withDetails(new TypeCheck(builtins, tree, errors).details(c, b, arity));
        }
    }

    /** Operators the evaluator implements itself rather than as builtins. */
    static boolean isSpecial(String name) {
        return switch (name) {
            case "eq", "assign", "internal.member_2", "internal.member_3", "print", "internal.print" -> true;
            default -> false;
        };
    }
}
