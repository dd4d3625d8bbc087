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
     * sorted; functions included. The policy test runner finds {@code test_*} rules here.
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
