package dev.lap.policy;

import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.builtins.BuiltinContext;
import dev.lap.policy.internal.compile.Compiler;
import dev.lap.policy.internal.compile.DataNode;
import dev.lap.policy.internal.compile.Program;
import dev.lap.policy.internal.eval.Evaluator;
import dev.lap.policy.internal.parse.Parser;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import dev.lap.policy.value.Values;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Compiled modules and data, ready to evaluate. Immutable and safe to share between threads;
 * every evaluation has its own state.
 */
public final class CompiledPolicy {
    private final PolicyEngine engine;
    private final Program program;
    private final String revision;
    /** Entry refs parsed once: the gateway asks the same few refs millions of times. */
    private final Map<String, List<Term>> refPaths = new ConcurrentHashMap<>();

    CompiledPolicy(PolicyEngine engine, Program program, String revision) {
        this.engine = engine;
        this.program = program;
        this.revision = revision;
    }

    /** A hash of the modules and data this policy was compiled from. */
    public String revision() {
        return revision;
    }

    /**
     * Evaluates a ref such as {@code data.lap.egress.decision} against {@code input} (converted
     * with {@link Values#of}). Never throws for policy reasons: errors, including an input that
     * has no Rego form, come back as {@link Result.Failed}.
     */
    public Result evaluate(String ref, @Nullable Object input) {
        return evaluate(ref, input, null);
    }

    /** {@link #evaluate(String, Object)}, reporting every step to {@code tracer}. */
    public Result evaluate(String ref, @Nullable Object input, @Nullable Tracer tracer) {
        List<Term> path;
        try {
            path = refPaths.computeIfAbsent(ref, r -> Evaluator.dataPath(parseRef(r)));
        } catch (IllegalArgumentException e) {
            return new Result.Failed(RegoError.at(RegoError.PARSE, e.getMessage(), null));
        }
        Evaluator ev;
        try {
            // The input is read in place where the policy looks up known keys, not converted whole.
            ev = Evaluator.forJavaInput(
                    program,
                    input,
                    new BuiltinContext(engine.clock()),
                    engine.strictBuiltinErrors(),
                    engine.limits(),
                    tracer);
        } catch (IllegalArgumentException e) {
            return new Result.Failed(RegoError.at(RegoError.EVAL_TYPE, e.getMessage(), null));
        }
        try {
            Value v = ev.evalDataPath(path);
            return v == null ? Result.UNDEFINED : new Result.Defined(v);
        } catch (Evaluator.EvalFailure f) {
            return new Result.Failed(f.error());
        }
    }

    /**
     * Every rule this policy defines, as the ref that names it ({@code data.lap.egress.decision}),
     * sorted; functions included. One entry per document: {@link #rules()} lists each definition.
     */
    public List<String> ruleRefs() {
        List<String> out = new ArrayList<>();
        collectRules(program.root(), out);
        out.sort(null);
        return out;
    }

    private static void collectRules(DataNode n, List<String> out) {
        if (n.hasRules()) {
            out.add(n.toString());
        }
        for (DataNode c : n.children().values()) {
            collectRules(c, out);
        }
    }

    /** A definition and what {@link #rules()} says of it. */
    private record Definition(Rule rule, RuleInfo info, List<String> namePath) {}

    /** Built on first use: only the test runner asks, the gateway never does. */
    private volatile @Nullable List<Definition> definitions;

    /**
     * Every rule definition of the policy, functions and {@code default} rules included, in
     * source order (file name, then position): each body of a rule defined several times is its
     * own entry. The test runner finds tests here and runs each definition alone with {@link
     * #evaluateRule}, as {@code opa test} does.
     */
    public List<RuleInfo> rules() {
        return definitions().stream().map(Definition::info).toList();
    }

    private List<Definition> definitions() {
        List<Definition> d = definitions;
        if (d == null) {
            List<Rule> all = new ArrayList<>();
            Map<Rule, DataNode> nodeOf = new java.util.IdentityHashMap<>();
            collectDefinitions(program.root(), all, nodeOf);
            all.sort(Comparator.comparing((Rule r) -> r.loc().file())
                    .thenComparingInt(r -> r.loc().row())
                    .thenComparingInt(r -> r.loc().col()));
            List<Definition> out = new ArrayList<>(all.size());
            for (Rule r : all) {
                out.add(describe(r, nodeOf.get(r), out.size()));
            }
            d = List.copyOf(out);
            definitions = d;
        }
        return d;
    }

    private static void collectDefinitions(DataNode n, List<Rule> out, Map<Rule, DataNode> nodeOf) {
        for (Rule r : n.rules()) {
            out.add(r);
            nodeOf.put(r, n);
        }
        if (n.defaultRule() != null) {
            out.add(n.defaultRule());
            nodeOf.put(n.defaultRule(), n);
        }
        for (DataNode c : n.children().values()) {
            collectDefinitions(c, out, nodeOf);
        }
    }

    private static Definition describe(Rule r, DataNode node, int index) {
        int constant = Program.constantPathLength(r.ref());
        // The node sits at package + rule name + the head's constant keys.
        List<String> packagePath = node.path().subList(0, node.path().size() - 1 - constant);
        List<RuleInfo.HeadTerm> head = new ArrayList<>();
        head.add(new RuleInfo.HeadTerm.Fixed(((Term.Var) r.ref().head()).name()));
        for (int i = 0; i < r.ref().path().size(); i++) {
            Term t = r.ref().path().get(i);
            // A string after a variable term (the b of p[k].b) is fixed too, though the rule sits above it.
            if (i < constant) {
                head.add(new RuleInfo.HeadTerm.Fixed(node.path().get(packagePath.size() + 1 + i)));
            } else if (t instanceof Term.Scalar sc && sc.value() instanceof StringValue str) {
                head.add(new RuleInfo.HeadTerm.Fixed(str.value()));
            } else {
                head.add(new RuleInfo.HeadTerm.Variable(t.loc()));
            }
        }
        RuleInfo.Kind kind;
        if (r.kind() == Rule.Kind.FUNCTION) {
            kind = RuleInfo.Kind.FUNCTION;
        } else if (r.kind() == Rule.Kind.MULTI) {
            kind = RuleInfo.Kind.PARTIAL_SET;
        } else if (constant < r.ref().path().size()) {
            kind = RuleInfo.Kind.PARTIAL_OBJECT;
        } else {
            kind = RuleInfo.Kind.COMPLETE;
        }
        RuleInfo info = new RuleInfo(packagePath, head, kind, r.isDefault(), r.loc(), index);
        return new Definition(r, info, node.path());
    }

    /**
     * Evaluates one definition from {@link #rules()} alone, without the policy's other
     * definitions of the same document, against {@code input} as {@link #evaluate(String,
     * Object)} takes it: what {@code opa test} does with each test. Rules the body refers to
     * are evaluated as usual. For a {@link RuleInfo.Kind#PARTIAL_OBJECT} definition, every key
     * the body bound is a {@link RuleResult.Case}, also when the body then failed, so a table
     * test can report each case. Never throws for policy reasons: errors come back as {@link
     * Result.Failed}.
     *
     * @throws IllegalArgumentException {@code rule} is a function, or not one of this policy's rules
     */
    public RuleResult evaluateRule(RuleInfo rule, @Nullable Object input, @Nullable Tracer tracer) {
        List<Definition> all = definitions();
        int i = rule.definition();
        if (i < 0 || i >= all.size() || !all.get(i).info().equals(rule)) {
            throw new IllegalArgumentException("not a rule of this policy: " + rule);
        }
        if (rule.kind() == RuleInfo.Kind.FUNCTION) {
            throw new IllegalArgumentException("a function is evaluated by calling it, not alone: " + rule);
        }
        Definition d = all.get(i);
        Evaluator ev;
        try {
            ev = Evaluator.forJavaInput(
                    program,
                    input,
                    new BuiltinContext(engine.clock()),
                    engine.strictBuiltinErrors(),
                    engine.limits(),
                    tracer);
        } catch (IllegalArgumentException e) {
            return new RuleResult(
                    new Result.Failed(RegoError.at(RegoError.EVAL_TYPE, e.getMessage(), null)), List.of());
        }
        try {
            Evaluator.Definition out = ev.evalDefinition(d.rule(), d.namePath());
            List<RuleResult.Case> cases = new ArrayList<>(out.cases().size());
            out.cases().forEach((path, value) -> cases.add(new RuleResult.Case(path, value.orElse(null))));
            return new RuleResult(out.value() == null ? Result.UNDEFINED : new Result.Defined(out.value()), cases);
        } catch (Evaluator.EvalFailure f) {
            return new RuleResult(new Result.Failed(f.error()), List.of());
        }
    }

    /** {@code data.a.b} to {@code [a, b]}; only dotted refs to data are entry points. */
    private static List<String> parseRef(String ref) {
        if (!ref.equals("data") && !ref.startsWith("data.")) {
            throw new IllegalArgumentException("an entry point must be a ref under data, like data.pkg.rule: " + ref);
        }
        List<String> path = new ArrayList<>();
        if (ref.length() > 4) {
            for (String part : ref.substring(5).split("\\.", -1)) {
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("empty name in entry point " + ref);
                }
                path.add(part);
            }
        }
        return List.copyOf(path);
    }

    /**
     * Runs a query ({@code data.test.p = x}, {@code x := data.a[_]}) and returns one binding map
     * per solution, each mapping the query's named variables to their values. No solutions (an
     * empty list) means undefined.
     *
     * @param input the input document, or {@code null} for none
     * @throws RegoException parse or compile errors in the query, or an evaluation error
     */
    public List<Map<String, Value>> query(String query, @Nullable Value input) throws RegoException {
        return query(query, input, null);
    }

    /** {@link #query(String, Value)}, reporting every step to {@code tracer}. */
    public List<Map<String, Value>> query(String query, @Nullable Value input, @Nullable Tracer tracer)
            throws RegoException {
        List<Stmt> body = Parser.parseQuery("query", query);
        Compiler.CompiledQuery q = Compiler.compileQuery(body, program);
        try {
            return newEvaluator(input, tracer).query(q.body(), q.resultVars());
        } catch (Evaluator.EvalFailure f) {
            throw new RegoException(f.error());
        }
    }

    private Evaluator newEvaluator(@Nullable Value input, @Nullable Tracer tracer) {
        return new Evaluator(
                program,
                input,
                new BuiltinContext(
                        engine.clock(),
                        tracer == null
                                ? null
                                // A builtin does not know where it was called from: the note says what, not where.
                                : note -> tracer.event(
                                        new Tracer.Event(Tracer.Kind.NOTE, Location.of("trace", 0, 0), 0, note, null))),
                engine.strictBuiltinErrors(),
                engine.limits(),
                tracer);
    }

    /**
     * Where the policy's rules and statements are, in file, row and column order: what a coverage
     * report measures. A rule head that a traced evaluation entered, or a statement it evaluated,
     * was covered.
     */
    public List<Location> coverableLocations() {
        Set<Location> out = new TreeSet<>(Comparator.comparing(Location::file)
                .thenComparingInt(Location::row)
                .thenComparingInt(Location::col));
        collectLocations(program.root(), out);
        return List.copyOf(out);
    }

    private static void collectLocations(DataNode n, Set<Location> out) {
        List<Rule> rules = new ArrayList<>(n.rules());
        if (n.defaultRule() != null) {
            rules.add(n.defaultRule());
        }
        for (Rule r : rules) {
            for (Rule link = r; link != null; link = link.elseRule()) {
                out.add(link.loc());
                for (Stmt s : link.body()) {
                    out.add(s.loc());
                }
            }
        }
        for (DataNode c : n.children().values()) {
            collectLocations(c, out);
        }
    }
}
