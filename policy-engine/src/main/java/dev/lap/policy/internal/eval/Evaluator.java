package dev.lap.policy.internal.eval;

import dev.lap.policy.Location;
import dev.lap.policy.RegoError;
import dev.lap.policy.Tracer;
import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.ast.With;
import dev.lap.policy.internal.builtins.Builtin;
import dev.lap.policy.internal.builtins.BuiltinContext;
import dev.lap.policy.internal.builtins.BuiltinException;
import dev.lap.policy.internal.compile.DataNode;
import dev.lap.policy.internal.compile.HeadKeys;
import dev.lap.policy.internal.compile.Program;
import dev.lap.policy.internal.compile.RuleIndex;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates queries against a {@link Program}. One instance per evaluation, used by one thread.
 *
 * <p>Every {@code eval*} method takes a continuation and returns {@code true} when the
 * continuation asked to stop (a {@code not} found its first solution), {@code false} to go on
 * backtracking. Variables are bound in the current frame and unbound when the continuation
 * returns, so a frame always holds exactly the bindings of the current path.
 */
public final class Evaluator {
    /** A continuation after a statement or binding. */
    @FunctionalInterface
    interface K {
        boolean run();
    }

    /** A continuation that receives one value of a term. */
    @FunctionalInterface
    interface VK {
        boolean accept(Value v);
    }

    private static final Value UNDEFINED_MARK = StringValue.of("\u0000undefined");

    private final Program program;
    private final @Nullable Tracer tracer;
    private final BuiltinContext ctx;
    private final boolean strict;
    private final Limits limits;
    private State state;
    private final Bindings frame = new Bindings();
    /** Nodes whose value is being computed, by {@link DataNode#id()}: a rule reached again is recursive. */
    private final boolean[] inProgress;

    private long steps;
    private int depth;

    /** What a {@code with} may change; replaced as a whole, so restoring it is one assignment. */
    private record State(
            @Nullable InputDocument input, List<DataOverride> data, Map<String, Term> functions, Value[] cache) {}

    private record DataOverride(List<Value> path, Value value) {}

    /** Bounds on one evaluation, so no policy can hang or exhaust the caller. */
    public record Limits(long maxSteps, int maxDepth, long deadlineNanos, long maxValueBytes) {
        public static final Limits DEFAULT = new Limits(50_000_000L, 2_000, Long.MAX_VALUE, 64L << 20);
    }

    /** What {@link #charge} counts for one element of an array or set, or one entry of an object. */
    private static final long ELEMENT_BYTES = 16;

    /** The size of the values this evaluation has built so far, as {@link #charge} counts it. */
    private long valueBytes;

    /**
     * Counts {@code bytes} of new values against {@link Limits#maxValueBytes}. Called where
     * collections grow and where builtins return strings and collections, so a policy that builds
     * without bound (a comprehension over a cross product, a string doubled in a loop) stops with
     * an error long before the heap runs out. A counter, not a measurement: cheap enough for every
     * element.
     */
    private void charge(long bytes, @Nullable Location loc) {
        valueBytes += bytes;
        if (valueBytes > limits.maxValueBytes()) {
            throw new EvalError(
                    RegoError.EVAL_MEMORY_LIMIT,
                    "evaluation built more than " + limits.maxValueBytes() + " bytes of values",
                    loc);
        }
    }

    /** What {@link #charge} counts for a builtin's result: a string's length, a collection's elements. */
    private static long shallowSize(Value v) {
        return switch (v) {
            case StringValue s -> s.value().length();
            case ArrayValue a -> a.size() * ELEMENT_BYTES;
            case SetValue s -> s.size() * ELEMENT_BYTES;
            case ObjectValue o -> o.size() * ELEMENT_BYTES;
            default -> 0;
        };
    }

    public Evaluator(Program program, @Nullable Value input, BuiltinContext ctx, boolean strict, Limits limits) {
        this(program, input, ctx, strict, limits, null);
    }

    public Evaluator(
            Program program,
            @Nullable Value input,
            BuiltinContext ctx,
            boolean strict,
            Limits limits,
            @Nullable Tracer tracer) {
        this(program, input == null ? null : InputDocument.of(input), ctx, strict, limits, tracer);
    }

    private Evaluator(
            Program program,
            @Nullable InputDocument input,
            BuiltinContext ctx,
            boolean strict,
            Limits limits,
            @Nullable Tracer tracer) {
        this.program = program;
        this.ctx = ctx.limits(limits.deadlineNanos(), limits.maxValueBytes());
        this.strict = strict;
        this.limits = limits;
        this.tracer = tracer;
        this.inProgress = new boolean[program.root().nodeCount()];
        this.state = new State(input, List.of(), Map.of(), newCache());
    }

    /**
     * An evaluator whose input is given as plain Java maps, lists and scalars, read in place
     * where a policy looks up known keys (see {@link InputDocument}).
     *
     * @throws IllegalArgumentException {@code input} has no Rego form
     */
    public static Evaluator forJavaInput(
            Program program,
            @Nullable Object input,
            BuiltinContext ctx,
            boolean strict,
            Limits limits,
            @Nullable Tracer tracer) {
        return new Evaluator(program, input == null ? null : InputDocument.ofJava(input), ctx, strict, limits, tracer);
    }

    // ---------------------------------------------------------------- entry points

    /** Runs a compiled query; returns one binding map per solution, in the order found. */
    public List<Map<String, Value>> query(List<Stmt> body, List<String> resultVars) throws EvalFailure {
        List<Map<String, Value>> out = new ArrayList<>();
        run(() -> evalBody(body, 0, () -> {
            Map<String, Value> row = new LinkedHashMap<>();
            for (String v : resultVars) {
                Value b = frame.get(v.intern());
                if (b != null) {
                    row.put(v, b);
                }
            }
            out.add(row);
            return false;
        }));
        return out;
    }

    /**
     * An entry point such as {@code data.lap.egress.decision} as the path {@link #evalDataPath}
     * takes; built once per entry point by the caller, not once per evaluation.
     */
    public static List<Term> dataPath(List<String> path) {
        List<Term> terms = new ArrayList<>(path.size());
        Location loc = Location.of("query", 1, 1);
        for (String p : path) {
            terms.add(Term.Scalar.string(loc, p));
        }
        return List.copyOf(terms);
    }

    /** The value of {@code data} at {@code path} (from {@link #dataPath}), or null when undefined. */
    public @Nullable Value evalDataPath(List<Term> path) throws EvalFailure {
        Value[] result = new Value[1];
        // Every key is a constant, so the ref has at most one value and needs no continuation.
        run(() -> {
            result[0] = singleData(program.root(), path, 0);
            return true;
        });
        return result[0];
    }

    /** An evaluation stopped with an error; carries it as a value. */
    public static final class EvalFailure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient RegoError error;

        EvalFailure(RegoError error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }

        public RegoError error() {
            return error;
        }
    }

    private void run(K k) throws EvalFailure {
        try {
            k.run();
        } catch (EvalError e) {
            throw new EvalFailure(e.error());
        } catch (StackOverflowError e) {
            throw new EvalFailure(
                    RegoError.at(RegoError.EVAL_LIMIT, "evaluation nested too deeply (stack exhausted)", null));
        } catch (OutOfMemoryError e) {
            // The value budget stops growth long before this; one builtin asked for one huge
            // allocation in a single step is what remains, and that allocation failed without
            // taking the heap: the values of this evaluation are unreachable once it returns.
            throw new EvalFailure(RegoError.at(RegoError.EVAL_MEMORY_LIMIT, "evaluation ran out of memory", null));
        }
    }

    private void tick(@Nullable Location loc) {
        if (++steps > limits.maxSteps()) {
            throw new EvalError(RegoError.EVAL_LIMIT, "evaluation exceeded " + limits.maxSteps() + " steps", loc);
        }
        if ((steps & 0x3ff) == 0 && System.nanoTime() > limits.deadlineNanos()) {
            throw new EvalError(RegoError.EVAL_CANCEL, "evaluation exceeded its time limit", loc);
        }
    }

    // ---------------------------------------------------------------- bodies and statements

    boolean evalBody(List<Stmt> body, int i, K k) {
        if (tracer != null) {
            return tracedBody(body, i, k);
        }
        // Statements that test or bind one value (most of a policy) run in this loop, without a
        // continuation per statement; the first one that may enumerate takes the rest of the
        // body as its continuation. Bindings the loop made are dropped when the body returns.
        int mark = frame.mark();
        try {
            for (; i < body.size(); i++) {
                Stmt s = body.get(i);
                tick(s.loc());
                int r = s.withs().isEmpty() ? simpleStatement(s.literal()) : UNKNOWN;
                if (r == FAILS) {
                    return false;
                }
                if (r == UNKNOWN) {
                    int next = i + 1;
                    if (s.withs().isEmpty()
                            && s.literal() instanceof Literal.SomeIn si
                            && si.key() == null
                            && si.value() instanceof Term.Var v
                            && !frame.isBound(v.name())
                            && singleShaped(si.collection())) {
                        Value coll = known(si.collection());
                        return coll != null && someIn(v, coll, body, next, k);
                    }
                    K rest = () -> evalBody(body, next, k);
                    return s.withs().isEmpty() ? evalLiteral(s, rest) : evalWith(s, rest);
                }
            }
            return k.run();
        } finally {
            frame.popTo(mark);
        }
    }

    /**
     * {@code some x in xs} where {@code xs} has one value and {@code x} is a new variable (the
     * common form): binds {@code x} to each element and runs the rest of the body, without the
     * closures of the general path.
     */
    private boolean someIn(Term.Var v, Value coll, List<Stmt> body, int next, K k) {
        int n;
        switch (coll) {
            case ArrayValue a -> n = a.size();
            case ObjectValue o -> n = o.size();
            case SetValue st -> n = st.size();
            default -> {
                return false;
            }
        }
        String name = v.name();
        for (int j = 0; j < n; j++) {
            tick(null);
            Value elem = switch (coll) {
                case ArrayValue a -> a.get(j);
                case ObjectValue o -> o.valueAt(j);
                default -> ((SetValue) coll).get(j);
            };
            frame.push(name, elem);
            try {
                if (evalBody(body, next, k)) {
                    return true;
                }
            } finally {
                frame.pop();
            }
        }
        return false;
    }

    /** {@link #evalBody} with every statement reported to the tracer. */
    private boolean tracedBody(List<Stmt> body, int i, K k) {
        if (i == body.size()) {
            return k.run();
        }
        Stmt s = body.get(i);
        tick(s.loc());
        return tracedStatement(s, () -> tracedBody(body, i + 1, k));
    }

    private static final int HOLDS = 1;
    private static final int FAILS = 0;
    private static final int UNKNOWN = -1;

    /**
     * A statement with at most one solution, decided now: {@link #HOLDS} (any variable it binds
     * is pushed on the frame), {@link #FAILS}, or {@link #UNKNOWN} when it may enumerate and
     * must take the continuation-passing path.
     */
    private int simpleStatement(Literal lit) {
        switch (lit) {
            case Literal.Expr e -> {
                Term t = e.term();
                if (t instanceof Term.Call c && isUnification(c)) {
                    return simpleUnify(c.args().get(0), c.args().get(1));
                }
                if (!singleShaped(t)) {
                    return UNKNOWN;
                }
                Value v = known(t);
                return v != null && v != BooleanValue.FALSE ? HOLDS : FAILS;
            }
            case Literal.Not n -> {
                Term t = n.term();
                if ((t instanceof Term.Call c && isUnification(c)) || !singleShaped(t)) {
                    return UNKNOWN;
                }
                Value v = known(t);
                return v == null || v == BooleanValue.FALSE ? HOLDS : FAILS;
            }
            case Literal.SomeVars sv -> {
                return HOLDS;
            }
            default -> {
                return UNKNOWN;
            }
        }
    }

    @SuppressWarnings("StringEquality") // dotted names are interned (Term.Ref), as literals are
    private static boolean isUnification(Term.Call c) {
        String op = c.operator().dottedName();
        return (op == "eq" || op == "assign") && c.args().size() == 2;
    }

    /** {@code a = b} where one side is an unbound variable and the other one value, or both are values. */
    private int simpleUnify(Term a, Term b) {
        if (a instanceof Term.Var va && !frame.isBound(va.name())) {
            return singleShaped(b) ? bindSingle(va, b) : UNKNOWN;
        }
        if (b instanceof Term.Var vb && !frame.isBound(vb.name())) {
            return singleShaped(a) ? bindSingle(vb, a) : UNKNOWN;
        }
        if (!singleShaped(a) || !singleShaped(b)) {
            return UNKNOWN;
        }
        Value x = known(b);
        if (x == null) {
            return FAILS;
        }
        Value y = known(a);
        return y != null && y.equals(x) ? HOLDS : FAILS;
    }

    private int bindSingle(Term.Var var, Term t) {
        Value v = known(t);
        if (v == null) {
            return FAILS;
        }
        frame.push(var.name(), v);
        return HOLDS;
    }

    private boolean tracedStatement(Stmt s, K next) {
        trace(Tracer.Kind.EVAL, s.loc(), s.loc().lineText().strip(), null);
        boolean[] solved = {false};
        K marked = () -> {
            solved[0] = true;
            return next.run();
        };
        boolean stop = s.withs().isEmpty() ? evalLiteral(s, marked) : evalWith(s, marked);
        if (!solved[0]) {
            trace(Tracer.Kind.FAIL, s.loc(), s.loc().lineText().strip(), null);
        }
        return stop;
    }

    private void trace(Tracer.Kind kind, Location loc, String detail, @Nullable Value value) {
        if (tracer != null) {
            tracer.event(new Tracer.Event(kind, loc, depth, detail, value == null ? null : value.toString()));
        }
    }

    private boolean evalLiteral(Stmt s, K k) {
        return switch (s.literal()) {
            case Literal.Expr e -> evalExpr(e.term(), k);
            case Literal.Not n -> {
                boolean found = evalExpr(n.term(), () -> true);
                yield !found && k.run();
            }
            case Literal.NotBody n -> {
                boolean found = evalBody(n.body(), 0, () -> true);
                yield !found && k.run();
            }
            case Literal.Logical l -> evalLogical(l, k);
            case Literal.SomeVars sv -> k.run();
            case Literal.SomeIn si ->
                evalTerm(
                        si.collection(),
                        coll -> iterate(coll, (key, val) -> {
                            if (si.key() == null) {
                                return unifyValue(si.value(), val, k);
                            }
                            return unifyValue(si.key(), key, () -> unifyValue(si.value(), val, k));
                        }));
            case Literal.Every ev -> evalEvery(ev, k);
        };
    }

    /**
     * {@code and}/{@code or}: each operand is asked for one solution only and keeps none of its
     * bindings, so the statement continues at most once; the right operand runs only when the
     * left one leaves the answer open (failed for {@code and}, held for {@code or}), which is what
     * makes a guard such as {@code is_array(x) and count(x) > 0} safe in strict mode.
     */
    private boolean evalLogical(Literal.Logical l, K k) {
        boolean lhs = evalBody(l.lhs(), 0, () -> true);
        boolean holds = switch (l.op()) {
            case AND -> lhs && evalBody(l.rhs(), 0, () -> true);
            case OR -> lhs || evalBody(l.rhs(), 0, () -> true);
        };
        return holds && k.run();
    }

    /**
     * {@code every}: holds when the body holds for each element of the domain, and for an empty
     * one. A domain that is undefined or not a collection makes it fail, as in OPA.
     */
    private boolean evalEvery(Literal.Every ev, K k) {
        return evalTerm(ev.domain(), domain -> {
            if (!(domain instanceof ArrayValue || domain instanceof ObjectValue || domain instanceof SetValue)) {
                return false;
            }
            K body = () -> evalBody(ev.body(), 0, () -> true);
            boolean failed = iterate(domain, (key, val) -> {
                boolean ok = ev.key() == null
                        ? bindAndRun(ev.value(), val, body)
                        : bindAndRun(ev.key(), key, () -> bindAndRun(ev.value(), val, body));
                return !ok; // stop at the first element the body does not hold for
            });
            return !failed && k.run();
        });
    }

    private boolean bindAndRun(Term.Var v, Value val, K k) {
        frame.push(v.name(), val);
        try {
            return k.run();
        } finally {
            frame.pop();
        }
    }

    private boolean evalExpr(Term t, K k) {
        if (t instanceof Term.Call c) {
            String op = c.operator().dottedName();
            if (op != null && c.args().size() == 2 && (op.equals("eq") || op.equals("assign"))) {
                return unify(c.args().get(0), c.args().get(1), k);
            }
            return evalCall(c, v -> v != BooleanValue.FALSE && k.run());
        }
        return evalTerm(t, v -> v != BooleanValue.FALSE && k.run());
    }

    // ---------------------------------------------------------------- with

    private boolean evalWith(Stmt s, K k) {
        return applyWiths(s, 0, state, k);
    }

    /** Applies the statement's modifiers one by one, evaluates it, and runs the rest of the body outside them. */
    private boolean applyWiths(Stmt s, int i, State outer, K k) {
        if (i == s.withs().size()) {
            return evalLiteral(s, () -> {
                State inside = state;
                state = outer;
                try {
                    return k.run();
                } finally {
                    state = inside;
                }
            });
        }
        With w = s.withs().get(i);
        Term.Ref function = functionNamedBy(w.value());
        if (function != null && targetsFunction(w.target())) {
            State before = state;
            Map<String, Term> fns = new HashMap<>(before.functions());
            fns.put(w.target().dottedName(), function);
            state = new State(before.input(), before.data(), fns, newCache());
            try {
                return applyWiths(s, i + 1, outer, k);
            } finally {
                state = before;
            }
        }
        return evalTerm(w.value(), v -> {
            State before = state;
            state = applyWith(w, v, before);
            try {
                return applyWiths(s, i + 1, outer, k);
            } finally {
                state = before;
            }
        });
    }

    /** The function a {@code with} value names: a builtin, or a user function under data; else null. */
    private Term.@Nullable Ref functionNamedBy(Term value) {
        if (!(value instanceof Term.Ref r) || !(r.head() instanceof Term.Var v)) {
            return null;
        }
        if (v.name().equals(BUILTIN_REF) && r.path().size() == 1 && r.path().get(0) instanceof Term.Scalar sc) {
            return Term.Ref.dotted(r.loc(), ((StringValue) sc.value()).value());
        }
        String name = r.dottedName();
        if (name != null && name.startsWith("data.")) {
            DataNode n = nodeAt(pathOf(name));
            return n != null && n.isFunction() ? r : null;
        }
        return null;
    }

    private boolean targetsFunction(Term.Ref target) {
        String name = target.dottedName();
        if (name == null || name.startsWith("input")) {
            return false;
        }
        if (name.startsWith("data.")) {
            DataNode n = nodeAt(pathOf(name));
            return n != null && n.isFunction();
        }
        return true;
    }

    private static final String BUILTIN_REF = "$builtin";

    private State applyWith(With w, Value v, State s) {
        Term.Ref target = w.target();
        String root = target.head() instanceof Term.Var var ? var.name() : "";
        List<Value> path = new ArrayList<>();
        for (Term p : target.path()) {
            if (!(p instanceof Term.Scalar sc)) {
                throw new EvalError(RegoError.COMPILE, "with target path must be constant", w.loc());
            }
            path.add(sc.value());
        }
        if (root.equals("input")) {
            Value input = path.isEmpty() ? v : patch(inputValue(s), path, 0, v);
            return new State(InputDocument.of(input), s.data(), s.functions(), newCache());
        }
        String name = target.dottedName();
        if (root.equals("data")) {
            DataNode n = nodeAt(path);
            if (n != null && n.isFunction()) {
                Map<String, Term> fns = new HashMap<>(s.functions());
                fns.put(name, functionReplacement(w.value(), v));
                return new State(s.input(), s.data(), fns, newCache());
            }
            List<DataOverride> data = new ArrayList<>(s.data());
            data.add(new DataOverride(path, v));
            return new State(s.input(), data, s.functions(), newCache());
        }
        Map<String, Term> fns = new HashMap<>(s.functions());
        fns.put(name, functionReplacement(w.value(), v));
        return new State(s.input(), s.data(), fns, newCache());
    }

    /** A function replaced by another function (a ref to one, or a builtin name) or by a value. */
    private Term functionReplacement(Term written, Value v) {
        if (written instanceof Term.Ref r && r.dottedName() != null) {
            String n = r.dottedName();
            if (n.startsWith("data.")) {
                DataNode node = nodeAt(pathOf(n));
                if (node != null && node.isFunction()) {
                    return r;
                }
            } else if (program.builtins().get(n) != null) {
                return r;
            }
        }
        if (written instanceof Term.Var var && program.builtins().get(var.name()) != null) {
            return Term.Ref.of(var.loc(), var.name());
        }
        return new Term.Scalar(written.loc(), v);
    }

    private static List<Value> pathOf(String dataName) {
        List<Value> p = new ArrayList<>();
        for (String s : dataName.substring(5).split("\\.")) {
            p.add(StringValue.of(s));
        }
        return p;
    }

    private @Nullable DataNode nodeAt(List<Value> path) {
        DataNode n = program.root();
        for (Value k : path) {
            if (!(k instanceof StringValue s)) {
                return null;
            }
            n = n.child(s.value());
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** {@code base} with {@code v} placed at {@code path}, creating objects on the way. */
    private static Value patch(@Nullable Value base, List<Value> path, int i, Value v) {
        if (i == path.size()) {
            return v;
        }
        ObjectValue obj = base instanceof ObjectValue o ? o : ObjectValue.EMPTY;
        Value child = obj.get(path.get(i));
        return obj.toBuilder().put(path.get(i), patch(child, path, i + 1, v)).build();
    }

    // ---------------------------------------------------------------- unification

    boolean unify(Term a, Term b, K k) {
        if (a instanceof Term.Var va && !frame.isBound(va.name())) {
            if (b instanceof Term.Var vb && !frame.isBound(vb.name())) {
                throw unsafe(vb);
            }
            return evalTerm(b, v -> unifyValue(a, v, k));
        }
        if (b instanceof Term.Var vb && !frame.isBound(vb.name())) {
            return evalTerm(a, v -> unifyValue(b, v, k));
        }
        if (evaluable(b)) {
            return evalTerm(b, v -> unifyValue(a, v, k));
        }
        if (evaluable(a)) {
            return evalTerm(a, v -> unifyValue(b, v, k));
        }
        if (a instanceof Term.ArrayTerm x && b instanceof Term.ArrayTerm y) {
            return x.items().size() == y.items().size() && unifyItems(x.items(), y.items(), 0, k);
        }
        if (a instanceof Term.ObjectTerm x && b instanceof Term.ObjectTerm y) {
            if (x.entries().size() != y.entries().size()) {
                return false;
            }
            // Keys are ground; match entries by key value.
            return unifyObjects(x, y, 0, k);
        }
        throw new EvalError(RegoError.EVAL_INTERNAL, "cannot unify: neither side can be evaluated", a.loc());
    }

    private boolean unifyItems(List<Term> xs, List<Term> ys, int i, K k) {
        if (i == xs.size()) {
            return k.run();
        }
        return unify(xs.get(i), ys.get(i), () -> unifyItems(xs, ys, i + 1, k));
    }

    private boolean unifyObjects(Term.ObjectTerm x, Term.ObjectTerm y, int i, K k) {
        if (i == x.entries().size()) {
            return k.run();
        }
        Term.ObjectTerm.Entry ex = x.entries().get(i);
        return evalTerm(ex.key(), key -> {
            for (Term.ObjectTerm.Entry ey : y.entries()) {
                boolean[] matched = {false};
                boolean stop = evalTerm(ey.key(), k2 -> {
                    if (!k2.equals(key)) {
                        return false;
                    }
                    matched[0] = true;
                    return unify(ex.value(), ey.value(), () -> unifyObjects(x, y, i + 1, k));
                });
                if (stop || matched[0]) {
                    return stop;
                }
            }
            return false;
        });
    }

    /** Matches a term, possibly containing unbound variables, against a value. */
    boolean unifyValue(Term t, Value v, K k) {
        switch (t) {
            case Term.Var var -> {
                Value bound = frame.get(var.name());
                if (bound != null) {
                    return bound.equals(v) && k.run();
                }
                frame.push(var.name(), v);
                try {
                    return k.run();
                } finally {
                    frame.pop();
                }
            }
            case Term.Scalar s -> {
                return s.value().equals(v) && k.run();
            }
            case Term.ArrayTerm a -> {
                if (!(v instanceof ArrayValue arr) || arr.size() != a.items().size()) {
                    return false;
                }
                if (evaluable(a)) {
                    return evalTerm(a, x -> x.equals(v) && k.run());
                }
                return unifyElements(a.items(), arr, 0, k);
            }
            case Term.ObjectTerm o -> {
                if (!(v instanceof ObjectValue obj) || obj.size() != o.entries().size()) {
                    return false;
                }
                if (evaluable(o)) {
                    return evalTerm(o, x -> x.equals(v) && k.run());
                }
                return unifyEntries(o, obj, 0, k);
            }
            default -> {
                return evalTerm(t, x -> x.equals(v) && k.run());
            }
        }
    }

    private boolean unifyElements(List<Term> items, ArrayValue arr, int i, K k) {
        if (i == items.size()) {
            return k.run();
        }
        return unifyValue(items.get(i), arr.get(i), () -> unifyElements(items, arr, i + 1, k));
    }

    private boolean unifyEntries(Term.ObjectTerm o, ObjectValue obj, int i, K k) {
        if (i == o.entries().size()) {
            return k.run();
        }
        Term.ObjectTerm.Entry e = o.entries().get(i);
        return evalTerm(e.key(), key -> {
            Value val = obj.get(key);
            return val != null && unifyValue(e.value(), val, () -> unifyEntries(o, obj, i + 1, k));
        });
    }

    /** Whether every variable {@code t} reads (outside ref paths, which enumerate) is bound. */
    private boolean evaluable(Term t) {
        return switch (t) {
            case Term.Scalar s -> true;
            case Term.Var v -> frame.isBound(v.name());
            case Term.Ref r -> {
                boolean root = r.head() instanceof Term.Var v
                        && (v.name().equals("data") || v.name().equals("input"));
                if (!root && !evaluable(r.head())) {
                    yield false;
                }
                for (Term p : r.path()) {
                    if (!(p instanceof Term.Var) && !(p instanceof Term.Scalar) && !evaluablePattern(p)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.ArrayTerm a -> allEvaluable(a.items());
            case Term.SetTerm s -> allEvaluable(s.items());
            case Term.ObjectTerm o -> {
                for (Term.ObjectTerm.Entry e : o.entries()) {
                    if (!evaluable(e.key()) || !evaluable(e.value())) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.Call c -> allEvaluable(c.args());
            case Term.ArrayCompr c -> true;
            case Term.SetCompr c -> true;
            case Term.ObjectCompr c -> true;
        };
    }

    private boolean evaluablePattern(Term p) {
        return switch (p) {
            case Term.Var v -> true;
            case Term.ArrayTerm a -> {
                for (Term i : a.items()) {
                    if (!evaluablePattern(i)) {
                        yield false;
                    }
                }
                yield true;
            }
            default -> evaluable(p);
        };
    }

    private boolean allEvaluable(List<Term> ts) {
        for (Term t : ts) {
            if (!evaluable(t)) {
                return false;
            }
        }
        return true;
    }

    private static EvalError unsafe(Term.Var v) {
        return new EvalError(RegoError.UNSAFE_VAR, "var " + v.name() + " is unsafe", v.loc());
    }

    // ---------------------------------------------------------------- terms

    boolean evalTerm(Term t, VK k) {
        return switch (t) {
            case Term.Scalar s -> k.accept(s.value());
            case Term.Var v -> {
                Value b = frame.get(v.name());
                if (b == null) {
                    throw unsafe(v);
                }
                yield k.accept(b);
            }
            case Term.Ref r -> {
                Value v = single(r);
                yield v == MANY ? evalRef(r, k) : v != null && k.accept(v);
            }
            case Term.ArrayTerm a -> {
                if (singleShaped(a)) {
                    Value v = singleArray(a);
                    yield v != null && k.accept(v);
                }
                yield evalItems(
                        a.items(), 0, new Value[a.items().size()], items -> k.accept(ArrayValue.wrap(items.clone())));
            }
            case Term.SetTerm s -> {
                if (singleShaped(s)) {
                    Value v = singleSet(s);
                    yield v != null && k.accept(v);
                }
                yield evalItems(s.items(), 0, new Value[s.items().size()], items -> k.accept(SetValue.of(items)));
            }
            case Term.ObjectTerm o -> {
                if (singleShaped(o)) {
                    Value v = singleObject(o);
                    yield v != null && k.accept(v);
                }
                yield evalObject(o, k);
            }
            case Term.ArrayCompr c -> k.accept(arrayComprehension(c));
            case Term.SetCompr c -> k.accept(setComprehension(c));
            case Term.ObjectCompr c -> k.accept(objectComprehension(c));
            case Term.Call c -> {
                if (!singleShaped(c)) {
                    yield evalCall(c, k);
                }
                Value v = singleCall(c);
                yield v != null && k.accept(v);
            }
        };
    }

    private Value arrayComprehension(Term.ArrayCompr c) {
        List<Value> out = new ArrayList<>();
        evalBody(
                c.body(),
                0,
                () -> evalTerm(c.head(), v -> {
                    charge(ELEMENT_BYTES, c.loc());
                    out.add(v);
                    return false;
                }));
        return ArrayValue.of(out);
    }

    private Value setComprehension(Term.SetCompr c) {
        SetValue.Builder out = SetValue.builder();
        evalBody(
                c.body(),
                0,
                () -> evalTerm(c.head(), v -> {
                    charge(ELEMENT_BYTES, c.loc());
                    out.add(v);
                    return false;
                }));
        return out.build();
    }

    private Value objectComprehension(Term.ObjectCompr c) {
        Map<Value, Value> out = new LinkedHashMap<>();
        evalBody(
                c.body(),
                0,
                () -> evalTerm(
                        c.key(),
                        key -> evalTerm(c.value(), val -> {
                            charge(ELEMENT_BYTES, c.loc());
                            Value prev = out.putIfAbsent(key, val);
                            if (prev != null && !prev.equals(val)) {
                                throw new EvalError(RegoError.EVAL_CONFLICT, "object keys must be unique", c.loc());
                            }
                            return false;
                        })));
        return ObjectValue.of(out);
    }

    @FunctionalInterface
    private interface ItemsK {
        boolean accept(Value[] items);
    }

    private boolean evalItems(List<Term> items, int i, Value[] out, ItemsK k) {
        if (i == 0) {
            // Most operand lists are constants, bound variables and refs with known keys: each has
            // one value or none, so no continuation is needed.
            int n = items.size();
            int j = 0;
            for (; j < n; j++) {
                Value v = single(items.get(j));
                if (v == MANY) {
                    break;
                }
                if (v == null) {
                    return false;
                }
                out[j] = v;
            }
            if (j == n) {
                return k.accept(out);
            }
            if (j > 0) {
                return evalItemsFrom(items, j, out, k);
            }
        }
        return evalItemsFrom(items, i, out, k);
    }

    private boolean evalItemsFrom(List<Term> items, int i, Value[] out, ItemsK k) {
        if (i == items.size()) {
            return k.accept(out);
        }
        if (items.get(i) instanceof Term.Var v && !frame.isBound(v.name())) {
            // Bound by a later operand's enumeration (foo == input.foos[foo]), as OPA evaluates
            // the refs inside a call before the call: evaluate the rest first, then this one.
            return evalItems(
                    items,
                    i + 1,
                    out,
                    rest -> evalTerm(v, x -> {
                        out[i] = x;
                        return k.accept(out);
                    }));
        }
        return evalTerm(items.get(i), v -> {
            out[i] = v;
            return evalItemsFrom(items, i + 1, out, k);
        });
    }

    private boolean evalObject(Term.ObjectTerm o, VK k) {
        List<Term> flat = new ArrayList<>(o.entries().size() * 2);
        for (Term.ObjectTerm.Entry e : o.entries()) {
            flat.add(e.key());
            flat.add(e.value());
        }
        return evalItems(flat, 0, new Value[flat.size()], kv -> {
            ObjectValue.Builder b = ObjectValue.builder(kv.length / 2);
            for (int i = 0; i < kv.length; i += 2) {
                b.put(kv[i], kv[i + 1]);
            }
            return k.accept(b.build());
        });
    }

    // ---------------------------------------------------------------- single-valued terms

    /** Marks a term that may have several values, for which {@link #single} gives no answer. */
    private static final Value MANY = StringValue.of("\u0000many");

    /**
     * The one value of a term that cannot enumerate: a constant, a bound variable, or a ref whose
     * every key is a constant or a bound variable. Null when such a term is undefined; {@link
     * #MANY} for every other term, which the continuation-passing path evaluates. Saves the
     * closures of that path on the operands that make up most of a policy.
     */
    private @Nullable Value single(Term t) {
        return switch (t) {
            case Term.Scalar s -> s.value();
            case Term.Var v -> {
                Value b = frame.get(v.name());
                yield b == null ? MANY : b;
            }
            case Term.Ref r -> singleRef(r);
            case Term.Call c -> singleShaped(c) ? singleCall(c) : MANY;
            case Term.ArrayTerm a -> singleShaped(a) ? singleArray(a) : MANY;
            case Term.ObjectTerm o -> singleShaped(o) ? singleObject(o) : MANY;
            case Term.SetTerm st -> singleShaped(st) ? singleSet(st) : MANY;
            case Term.ArrayCompr c -> arrayComprehension(c);
            case Term.SetCompr c -> setComprehension(c);
            case Term.ObjectCompr c -> objectComprehension(c);
        };
    }

    /**
     * {@link #single} of a term already found {@link #singleShaped}: the same value, without
     * checking the shape again at every level (a call's operands were checked with the call).
     */
    private @Nullable Value known(Term t) {
        return switch (t) {
            case Term.Scalar s -> s.value();
            case Term.Var v -> frame.get(v.name());
            case Term.Ref r -> refValue(r);
            case Term.Call c -> singleCall(c);
            case Term.ArrayTerm a -> singleArray(a);
            case Term.ObjectTerm o -> singleObject(o);
            case Term.SetTerm st -> singleSet(st);
            case Term.ArrayCompr c -> arrayComprehension(c);
            case Term.SetCompr c -> setComprehension(c);
            case Term.ObjectCompr c -> objectComprehension(c);
        };
    }

    /**
     * Whether {@link #single} can evaluate {@code t} to its one value (or none) now. Decided from
     * the shape and the bindings alone, before anything runs, so that no call is evaluated by the
     * single path and again by the continuation-passing one.
     */
    private boolean singleShaped(Term t) {
        return switch (t) {
            case Term.Scalar s -> true;
            case Term.Var v -> frame.isBound(v.name());
            case Term.Ref r -> {
                if (!(r.head() instanceof Term.Var head)
                        || !(head.name().equals("input") || head.name().equals("data") || frame.isBound(head.name()))) {
                    yield false;
                }
                // Indexed loops here and below: this runs for every operand, and the iterators of
                // a for-each were a fifth of the allocation.
                List<Term> path = r.path();
                for (int i = 0, n = path.size(); i < n; i++) {
                    Term p = path.get(i);
                    if (!(p instanceof Term.Scalar) && !(p instanceof Term.Var v && frame.isBound(v.name()))) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.ArrayTerm a -> allSingleShaped(a.items());
            case Term.SetTerm st -> allSingleShaped(st.items());
            case Term.ObjectTerm o -> {
                List<Term.ObjectTerm.Entry> entries = o.entries();
                for (int i = 0, n = entries.size(); i < n; i++) {
                    Term.ObjectTerm.Entry e = entries.get(i);
                    if (!singleShaped(e.key()) || !singleShaped(e.value())) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.ArrayCompr c -> true;
            case Term.SetCompr c -> true;
            case Term.ObjectCompr c -> true;
            case Term.Call c -> {
                if (!state.functions().isEmpty()) {
                    yield false;
                }
                CallInfo ci = callInfo(c);
                yield ci.shaped() && (ci.closed() || allSingleShaped(c.args()));
            }
        };
    }

    /**
     * What {@link #singleShaped} and {@link #singleCall} need to know of a call that does not
     * depend on bindings, worked out once per call site and program (see {@link Term.Memo}):
     * the builtin it names, whether it names a function under data, whether a call of its
     * name and operand count can be single-valued at all ({@code shaped}: not a unification,
     * no output operand), and whether it is {@code closed}: every operand is single-shaped
     * whatever is bound (constants, refs into input and data by constant keys, such calls),
     * so no operand needs checking on each evaluation.
     */
    private record CallInfo(
            Program owner, @Nullable Builtin builtin, boolean function, boolean shaped, boolean closed) {}

    private CallInfo callInfo(Term.Call c) {
        Term.Memo memo = c.memo();
        if (memo.value instanceof CallInfo ci && ci.owner() == program) {
            return ci;
        }
        String name = c.operator().dottedName();
        CallInfo ci;
        if (name == null) {
            ci = new CallInfo(program, null, false, false, false);
        } else {
            boolean shaped = switch (name) {
                case "eq", "assign", "print", "internal.print", "walk" -> false;
                case "internal.member_2", "internal.member_3" -> true;
                // An operand beyond the arity is an output to unify: not a plain value.
                default -> arityOf(name) == c.args().size();
            };
            boolean closed = shaped;
            for (int i = 0; closed && i < c.args().size(); i++) {
                closed = closed(c.args().get(i));
            }
            boolean function = name.startsWith("data.");
            ci = new CallInfo(program, function ? null : program.builtins().get(name), function, shaped, closed);
        }
        memo.value = ci;
        return ci;
    }

    /** Whether {@link #singleShaped} holds for {@code t} whatever is bound (with no function mocked). */
    private boolean closed(Term t) {
        return switch (t) {
            case Term.Scalar s -> true;
            case Term.Var v -> false;
            case Term.Ref r -> {
                if (!(r.head() instanceof Term.Var head)
                        || !(head.name().equals("input") || head.name().equals("data"))) {
                    yield false;
                }
                for (Term p : r.path()) {
                    if (!(p instanceof Term.Scalar)) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.ArrayTerm a -> allClosed(a.items());
            case Term.SetTerm st -> allClosed(st.items());
            case Term.ObjectTerm o -> {
                for (Term.ObjectTerm.Entry e : o.entries()) {
                    if (!closed(e.key()) || !closed(e.value())) {
                        yield false;
                    }
                }
                yield true;
            }
            case Term.ArrayCompr c -> true;
            case Term.SetCompr c -> true;
            case Term.ObjectCompr c -> true;
            case Term.Call c -> callInfo(c).closed();
        };
    }

    private boolean allClosed(List<Term> ts) {
        for (Term t : ts) {
            if (!closed(t)) {
                return false;
            }
        }
        return true;
    }

    private boolean allSingleShaped(List<Term> ts) {
        for (int i = 0, n = ts.size(); i < n; i++) {
            if (!singleShaped(ts.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** A call whose operands are all {@link #singleShaped}: what {@link #evalCall} computes, without continuations. */
    private @Nullable Value singleCall(Term.Call c) {
        tick(c.loc());
        List<Term> args = c.args();
        String name = c.operator().dottedName();
        if (name == MEMBER_2) {
            // x in xs, the commonest call: its operands need no array.
            Value x = known(args.get(0));
            if (x == null) {
                return null;
            }
            Value xs = known(args.get(1));
            return xs == null ? null : BooleanValue.of(member(x, xs));
        }
        Value[] vals = new Value[args.size()];
        for (int i = 0; i < vals.length; i++) {
            Value v = known(args.get(i));
            if (v == null) {
                return null;
            }
            vals[i] = v;
        }
        return switch (name) {
            case "internal.member_2" -> BooleanValue.of(member(vals[0], vals[1]));
            case "internal.member_3" -> {
                Value found = lookup(vals[2], vals[0]);
                yield BooleanValue.of(found != null && found.equals(vals[1]));
            }
            default -> {
                CallInfo ci = callInfo(c);
                yield ci.function()
                        ? callFunction(name, vals, c.loc())
                        : callBuiltin(ci.builtin(), name, vals, c.loc());
            }
        };
    }

    /** Interned, as {@link Term.Ref#dottedName()} is, so a name is recognised by identity. */
    private static final String MEMBER_2 = "internal.member_2";

    /**
     * Where a data ref's leading constant keys lead in the program's tree, kept per ref (see
     * {@link Term.Memo}): {@code data.lap.egress.bindings[c.id]} starts at the node of {@code
     * bindings} with one key left, without three lookups by name on every evaluation.
     */
    private record DataPrefix(DataNode root, DataNode node, int index) {}

    private @Nullable Value singleDataRef(Term.Ref r, List<Term> path) {
        DataNode root = program.root();
        if (!state.data().isEmpty()) {
            return singleData(root, path, 0);
        }
        Term.Memo memo = r.memo();
        if (memo.value instanceof DataPrefix p && p.root() == root) {
            return singleData(p.node(), path, p.index());
        }
        // The steps singleData takes through child nodes by constant keys, where no rule or
        // override (there is none, checked above) can stop it; the tree is frozen.
        DataNode n = root;
        int i = 0;
        while (i < path.size()
                && !n.hasRules()
                && path.get(i) instanceof Term.Scalar sc
                && sc.value() instanceof StringValue sv) {
            DataNode child = n.child(sv.value());
            if (child == null) {
                break;
            }
            n = child;
            i++;
        }
        memo.value = new DataPrefix(root, n, i);
        return singleData(n, path, i);
    }

    private @Nullable Value singleArray(Term.ArrayTerm a) {
        List<Term> items = a.items();
        Value[] vals = new Value[items.size()];
        for (int i = 0; i < vals.length; i++) {
            Value v = known(items.get(i));
            if (v == null) {
                return null;
            }
            vals[i] = v;
        }
        return ArrayValue.wrap(vals);
    }

    private @Nullable Value singleSet(Term.SetTerm st) {
        List<Term> items = st.items();
        Value[] vals = new Value[items.size()];
        for (int i = 0; i < vals.length; i++) {
            Value v = known(items.get(i));
            if (v == null) {
                return null;
            }
            vals[i] = v;
        }
        return SetValue.of(vals);
    }

    private @Nullable Value singleObject(Term.ObjectTerm o) {
        List<Term.ObjectTerm.Entry> entries = o.entries();
        ObjectValue.Builder b = ObjectValue.builder(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Term.ObjectTerm.Entry e = entries.get(i);
            Value k = known(e.key());
            if (k == null) {
                return null;
            }
            Value v = known(e.value());
            if (v == null) {
                return null;
            }
            b.put(k, v);
        }
        return b.build();
    }

    private @Nullable Value singleRef(Term.Ref r) {
        List<Term> path = r.path();
        for (int i = 0; i < path.size(); i++) {
            Term p = path.get(i);
            if (!(p instanceof Term.Scalar) && !(p instanceof Term.Var v && frame.isBound(v.name()))) {
                return MANY;
            }
        }
        return refValue(r);
    }

    /** {@link #singleRef} of a ref already found {@link #singleShaped}. */
    private @Nullable Value refValue(Term.Ref r) {
        List<Term> path = r.path();
        if (!(r.head() instanceof Term.Var head)) {
            return MANY;
        }
        return switch (head.name()) {
            case "input" -> singleInput(path);
            case "data" -> singleDataRef(r, path);
            default -> {
                Value b = frame.get(head.name());
                yield b == null ? MANY : singlePath(b, path, 0, false);
            }
        };
    }

    private Value keyOf(Term p) {
        return p instanceof Term.Scalar s ? s.value() : frame.get(((Term.Var) p).name());
    }

    private @Nullable Value singlePath(Value v, List<Term> path, int i, boolean jsonKeys) {
        for (; i < path.size() && v != null; i++) {
            v = lookupKey(v, keyOf(path.get(i)), jsonKeys);
        }
        return v;
    }

    /** {@link #walkNode} for a path of known keys. */
    private @Nullable Value singleData(DataNode n, List<Term> path, int i) {
        while (true) {
            Value overridden = overrideAt(n);
            if (overridden != null) {
                return singlePath(overridden, path, i, false);
            }
            if (n.hasRules() || i == path.size()) {
                if (n.isFunction()) {
                    return null;
                }
                Value v = nodeValue(n);
                return v == null ? null : singlePath(v, path, i, false);
            }
            Value key = keyOf(path.get(i));
            if (key instanceof StringValue s) {
                DataNode child = n.child(s.value());
                if (child != null) {
                    n = child;
                    i++;
                    continue;
                }
            }
            Value base = baseAt(n);
            Value child = base == null ? null : lookupKey(base, key, true);
            return child == null ? null : singlePath(child, path, i + 1, true);
        }
    }

    // ---------------------------------------------------------------- refs

    private boolean evalRef(Term.Ref r, VK k) {
        Term head = r.head();
        if (head instanceof Term.Var v) {
            switch (v.name()) {
                case "input" -> {
                    Value in = inputValue(state);
                    return in != null && walkValue(in, r.path(), 0, k);
                }
                case "data" -> {
                    return evalData(r.path(), k);
                }
                default -> {
                    Value b = frame.get(v.name());
                    if (b == null) {
                        throw unsafe(v);
                    }
                    return walkValue(b, r.path(), 0, k);
                }
            }
        }
        return evalTerm(head, hv -> walkValue(hv, r.path(), 0, k));
    }

    /** Follows {@code path} into a value that is not a base document: input, locals, rule values. */
    private boolean walkValue(Value v, List<Term> path, int i, VK k) {
        return walkValue(v, path, i, k, false);
    }

    /**
     * Follows {@code path} from {@code i} into a plain value, enumerating variable keys. In base
     * documents ({@code jsonKeys}), whose object keys are all strings, a number key also finds
     * the key spelled as that number, as in OPA.
     */
    private boolean walkValue(Value v, List<Term> path, int i, VK k, boolean jsonKeys) {
        if (i == path.size()) {
            return k.accept(v);
        }
        Term p = path.get(i);
        if (p instanceof Term.Scalar s) {
            Value child = lookupKey(v, s.value(), jsonKeys);
            return child != null && walkValue(child, path, i + 1, k, jsonKeys);
        }
        if (p instanceof Term.Var var) {
            Value key = frame.get(var.name());
            if (key != null) {
                Value child = lookupKey(v, key, jsonKeys);
                return child != null && walkValue(child, path, i + 1, k, jsonKeys);
            }
            return iterate(v, (key2, child) -> {
                frame.push(var.name(), key2);
                try {
                    return walkValue(child, path, i + 1, k, jsonKeys);
                } finally {
                    frame.pop();
                }
            });
        }
        if (evaluable(p)) {
            return evalTerm(p, key -> {
                Value child = lookupKey(v, key, jsonKeys);
                return child != null && walkValue(child, path, i + 1, k, jsonKeys);
            });
        }
        // A pattern key (data.a[[x, y]]): match it against every key.
        return iterate(v, (key, child) -> unifyValue(p, key, () -> walkValue(child, path, i + 1, k, jsonKeys)));
    }

    private static @Nullable Value lookupKey(Value coll, Value key, boolean jsonKeys) {
        Value found = lookup(coll, key);
        if (found == null && jsonKeys && key instanceof NumberValue num && coll instanceof ObjectValue) {
            found = lookup(coll, StringValue.of(num.toString()));
        }
        return found;
    }

    private static @Nullable Value lookup(Value coll, Value key) {
        return switch (coll) {
            case ObjectValue o -> o.get(key);
            case ArrayValue a -> {
                if (key instanceof NumberValue n && n.isLong()) {
                    long i = n.longValue();
                    yield i >= 0 && i < a.size() ? a.get((int) i) : null;
                }
                yield null;
            }
            case SetValue s -> s.contains(key) ? key : null;
            default -> null;
        };
    }

    @FunctionalInterface
    interface EntryK {
        boolean accept(Value key, Value value);
    }

    /** Visits the (key, value) pairs of a collection: indexes of arrays, keys of objects, elements of sets. */
    private boolean iterate(Value coll, EntryK k) {
        // Each element visited is a step: one statement can enumerate without bound.
        switch (coll) {
            case ArrayValue a -> {
                for (int i = 0; i < a.size(); i++) {
                    tick(null);
                    if (k.accept(NumberValue.of(i), a.get(i))) {
                        return true;
                    }
                }
            }
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    tick(null);
                    if (k.accept(o.keyAt(i), o.valueAt(i))) {
                        return true;
                    }
                }
            }
            case SetValue s -> {
                for (int i = 0; i < s.size(); i++) {
                    tick(null);
                    if (k.accept(s.get(i), s.get(i))) {
                        return true;
                    }
                }
            }
            default -> {}
        }
        return false;
    }

    // ---------------------------------------------------------------- data: base and virtual documents

    private boolean evalData(List<Term> path, VK k) {
        return walkNode(program.root(), path, 0, k);
    }

    private boolean walkNode(DataNode n, List<Term> path, int i, VK k) {
        Value overridden = overrideAt(n);
        if (overridden != null) {
            return walkValue(overridden, path, i, k);
        }
        if (n.hasRules() || i == path.size()) {
            if (n.isFunction()) {
                return false;
            }
            Value v = nodeValue(n);
            return v != null && walkValue(v, path, i, k);
        }
        Term p = path.get(i);
        Value key = null;
        if (p instanceof Term.Scalar s) {
            key = s.value();
        } else if (p instanceof Term.Var var && frame.isBound(var.name())) {
            key = frame.get(var.name());
        } else if (!(p instanceof Term.Var) && evaluable(p)) {
            return evalTerm(p, kv -> walkKey(n, kv, path, i, k));
        }
        if (key != null) {
            return walkKey(n, key, path, i, k);
        }
        // Enumerate the keys of this document: rule nodes below it, then base data.
        Value whole = nodeValue(n);
        return whole != null && walkValue(whole, path, i, k);
    }

    private boolean walkKey(DataNode n, Value key, List<Term> path, int i, VK k) {
        if (key instanceof StringValue s) {
            DataNode child = n.child(s.value());
            if (child != null) {
                return walkNode(child, path, i + 1, k);
            }
        }
        Value base = baseAt(n);
        Value child = base == null ? null : lookupKey(base, key, true);
        return child != null && walkValue(child, path, i + 1, k, true);
    }

    private @Nullable Value overrideAt(DataNode n) {
        List<DataOverride> overrides = state.data();
        if (overrides.isEmpty()) {
            return null;
        }
        Value found = null;
        for (DataOverride o : overrides) {
            if (pathEquals(o.path(), n.path())) {
                found = o.value();
            }
        }
        return found;
    }

    private static boolean pathEquals(List<Value> a, List<String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof StringValue s) || !s.value().equals(b.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Base data at a node's path, with the {@code with data...} overrides below it applied. */
    private @Nullable Value baseAt(DataNode n) {
        Value v = program.baseData();
        for (String key : n.path()) {
            v = v instanceof ObjectValue o ? o.get(key) : null;
            if (v == null) {
                break;
            }
        }
        return applyOverridesBelow(n, v);
    }

    private @Nullable Value applyOverridesBelow(DataNode n, @Nullable Value v) {
        for (DataOverride o : state.data()) {
            if (o.path().size() > n.path().size() && startsWith(o.path(), n.path())) {
                v = patch(v, o.path(), n.path().size(), o.value());
            }
        }
        return v;
    }

    private static boolean startsWith(List<Value> path, List<String> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if (!(path.get(i) instanceof StringValue s) || !s.value().equals(prefix.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * An empty cache of node values, indexed by {@link DataNode#id()}: an array, because a hash
     * map of the few nodes one decision touches cost more than computing some of them.
     */
    private Value[] newCache() {
        return new Value[program.root().nodeCount()];
    }

    /** The whole document at a node: its rules' value, or base data merged with its children. */
    private @Nullable Value nodeValue(DataNode n) {
        Value overridden = overrideAt(n);
        if (overridden != null) {
            return overridden;
        }
        Value[] cache = state.cache();
        Value cached = cache[n.id()];
        if (cached != null) {
            return cached == UNDEFINED_MARK ? null : cached;
        }
        Value v;
        if (!n.definesRules() && n.children().isEmpty()) {
            // A package with no rules still exists: it is an empty object unless data fills it.
            Value base = baseAt(n);
            v = base != null ? base : ObjectValue.EMPTY;
        } else {
            if (inProgress[n.id()]) {
                throw new EvalError(RegoError.RECURSION, "rule " + n + " is recursive", null);
            }
            inProgress[n.id()] = true;
            try {
                v = computeNode(n);
            } finally {
                inProgress[n.id()] = false;
            }
            if (tracer != null && v != null) {
                Rule first = n.rules().isEmpty() ? n.defaultRule() : n.rules().get(0);
                trace(Tracer.Kind.EXIT, first == null ? Location.of("data", 0, 0) : first.loc(), n.toString(), v);
            }
            v = applyOverridesBelow(n, v);
        }
        cache[n.id()] = v == null ? UNDEFINED_MARK : v;
        return v;
    }

    private @Nullable Value computeNode(DataNode n) {
        if (n.isFunction()) {
            return null;
        }
        if (!n.hasRules()) {
            ObjectValue base = baseAt(n) instanceof ObjectValue o ? o : ObjectValue.EMPTY;
            ObjectValue.Builder b = base.toBuilder();
            for (Map.Entry<String, DataNode> c : n.children().entrySet()) {
                Value cv = c.getValue().isFunction() ? null : nodeValue(c.getValue());
                if (cv != null) {
                    Value bv = base.get(c.getKey());
                    b.put(c.getKey(), bv == null ? cv : mergeBaseVirtual(bv, cv));
                }
            }
            return b.build();
        }
        return switch (n.shape()) {
            case COMPLETE -> completeValue(n);
            case SET -> setValue(n);
            case OBJECT -> partialObject(n);
            case FUNCTION, NONE -> null;
        };
    }

    /** {@code p contains x} rules: the set of every element any of them produces. */
    private Value setValue(DataNode n) {
        SetValue.Builder set = SetValue.builder();
        for (Rule r : candidateRules(n)) {
            evalRuleBodies(
                    r,
                    () -> evalTerm(r.key(), v -> {
                        charge(ELEMENT_BYTES, r.loc());
                        set.add(v);
                        return false;
                    }));
        }
        return set.build();
    }

    /** The node's rules that can hold for the current input: all of them unless the node is indexed. */
    private List<Rule> candidateRules(DataNode n) {
        RuleIndex index = n.index();
        if (index == null) {
            return n.rules();
        }
        InputDocument in = state.input();
        Value v;
        if (in != null && in.isRaw()) {
            Object o = in.raw();
            for (String key : index.inputPath()) {
                o = o instanceof Map<?, ?> m ? m.get(key) : null;
                if (o == null) {
                    break;
                }
            }
            v = o == null ? null : in.convert(o);
        } else {
            v = in == null ? null : in.value();
            for (String key : index.inputPath()) {
                v = v instanceof ObjectValue o ? o.get(key) : null;
                if (v == null) {
                    break;
                }
            }
        }
        return index.candidates(v);
    }

    private static @Nullable Value inputValue(State s) {
        return s.input() == null ? null : s.input().value();
    }

    /** {@code input} at a path of known keys, followed through the caller's Java maps while it can be. */
    private @Nullable Value singleInput(List<Term> path) {
        InputDocument in = state.input();
        if (in == null) {
            return null;
        }
        if (!in.isRaw()) {
            return singlePath(in.value(), path, 0, false);
        }
        Object o = in.raw();
        for (int i = 0; i < path.size(); i++) {
            Object c = InputDocument.child(o, keyOf(path.get(i)));
            if (c == InputDocument.CONVERT) {
                return singlePath(in.convert(o), path, i, false);
            }
            if (c == null) {
                return null;
            }
            o = c;
        }
        return in.convert(o);
    }

    /**
     * Where base data and rules define the same key, objects merge and otherwise the base
     * document wins, as OPA reads them.
     */
    private static Value mergeBaseVirtual(Value base, Value virtual) {
        if (!(base instanceof ObjectValue b) || !(virtual instanceof ObjectValue v)) {
            return base;
        }
        ObjectValue.Builder out = b.toBuilder();
        for (int i = 0; i < v.size(); i++) {
            Value bv = b.get(v.keyAt(i));
            out.put(v.keyAt(i), bv == null ? v.valueAt(i) : mergeBaseVirtual(bv, v.valueAt(i)));
        }
        return out.build();
    }

    private @Nullable Value completeValue(DataNode n) {
        Value result = null;
        for (Rule r : candidateRules(n)) {
            if (result != null && cannotChange(r, result)) {
                continue;
            }
            Value v = linkValue(r, null);
            if (v == null) {
                continue;
            }
            if (result != null && !result.equals(v)) {
                throw new EvalError(
                        RegoError.EVAL_CONFLICT, "complete rules must not produce multiple outputs", r.loc());
            }
            result = v;
        }
        if (result == null && n.defaultRule() != null) {
            result = defaultValue(n.defaultRule());
        }
        return result;
    }

    private static final String RULE_CONFLICT = "complete rules must not produce multiple outputs";
    private static final String FUNCTION_CONFLICT = "functions must not produce multiple outputs for same inputs";

    /**
     * The value of the first link of an else chain whose body holds, for a rule ({@code args}
     * null) or a function called with {@code args}; two values from one link are a conflict.
     */
    private @Nullable Value linkValue(Rule r, Value @Nullable [] args) {
        if (args == null && tracer == null && r.body().isEmpty() && r.value() instanceof Term.Scalar constant) {
            // A constant (bindings := {...}, folded at compile time): its first link holds.
            return constant.value();
        }
        LinkSolutions solutions = null;
        for (Rule link = r; link != null; link = link.elseRule()) {
            Rule l = link;
            // One per chain: a link that failed leaves nothing in it that the next one needs.
            if (solutions == null) {
                solutions = new LinkSolutions(l, args != null);
            } else {
                solutions.reset(l);
            }
            LinkSolutions current = solutions;
            trace(Tracer.Kind.ENTER, l.loc(), l.loc().lineText().strip(), null);
            int saved = enterFrame();
            try {
                if (args == null) {
                    evalBody(l.body(), 0, current);
                } else {
                    unifyArgs(l.args(), args, 0, () -> evalBody(l.body(), 0, current));
                }
            } finally {
                leaveFrame(saved);
            }
            if (solutions.found != null) {
                return solutions.found;
            }
        }
        return null;
    }

    /**
     * The continuation of one link's body: evaluates the link's value for each solution and
     * keeps it, failing on a second, different one. One object per link instead of a closure
     * per solution.
     */
    private final class LinkSolutions implements K, VK {
        private Rule link;
        private Term value;
        private final boolean function;
        /**
         * A constant value is the same for every solution, so the first one decides (OPA's early
         * exit): github_host stops at the first matching glob instead of trying them all.
         */
        private boolean constant;

        @Nullable Value found;

        LinkSolutions(Rule link, boolean function) {
            this.link = link;
            this.value = valueOf(link);
            this.function = function;
            this.constant = hasConstantValue(link);
        }

        /** Starts on the next link of the chain, the previous one having found nothing. */
        void reset(Rule next) {
            this.link = next;
            this.value = valueOf(next);
            this.constant = hasConstantValue(next);
            this.found = null;
        }

        @Override
        public boolean run() {
            return evalTerm(value, this);
        }

        @Override
        public boolean accept(Value v) {
            if (found != null && !found.equals(v)) {
                throw new EvalError(RegoError.EVAL_CONFLICT, function ? FUNCTION_CONFLICT : RULE_CONFLICT, link.loc());
            }
            found = v;
            return constant;
        }
    }

    /** The value of a {@code default} rule. */
    private @Nullable Value defaultValue(Rule def) {
        trace(Tracer.Kind.ENTER, def.loc(), def.loc().lineText().strip(), null);
        Value[] d = new Value[1];
        inFrame(() -> evalTerm(valueOf(def), v -> {
            d[0] = v;
            return true;
        }));
        return d[0];
    }

    private static boolean hasConstantValue(Rule r) {
        return r.value() == null || r.value() instanceof Term.Scalar;
    }

    /**
     * Whether a rule not yet evaluated can be skipped once {@code result} is known: it has no
     * {@code else} and its only possible value is {@code result}, so it can neither change nor
     * contradict the result (OPA skips such rules too).
     */
    private static boolean cannotChange(Rule r, Value result) {
        if (r.elseRule() != null) {
            return false;
        }
        Term v = r.value();
        return v == null
                ? result == BooleanValue.TRUE
                : v instanceof Term.Scalar s && s.value().equals(result);
    }

    private static Term valueOf(Rule r) {
        return r.value() != null ? r.value() : TRUE_TERM;
    }

    /** The value of a rule written without one; evaluating a constant never reads its location. */
    private static final Term TRUE_TERM = new Term.Scalar(Location.of("rule", 0, 0), BooleanValue.TRUE);

    /** Runs a rule body in a fresh frame, so its variables never mix with the caller's. */
    private boolean inFrame(K k) {
        int saved = enterFrame();
        try {
            return k.run();
        } finally {
            leaveFrame(saved);
        }
    }

    /** Starts a rule's frame; {@link #leaveFrame} with the result ends it. */
    private int enterFrame() {
        if (depth + 1 > limits.maxDepth()) {
            throw new EvalError(
                    RegoError.EVAL_LIMIT, "evaluation nested deeper than " + limits.maxDepth() + " rules", null);
        }
        depth++;
        return frame.enter();
    }

    private void leaveFrame(int saved) {
        depth--;
        frame.leave(saved);
    }

    private void evalRuleBodies(Rule r, K k) {
        trace(Tracer.Kind.ENTER, r.loc(), r.loc().lineText().strip(), null);
        inFrame(() -> evalBody(r.body(), 0, k));
    }

    /** Rules with a dynamic head below the node ({@code p[k] := v}, {@code a.b[x] contains y}) build an object. */
    private Value partialObject(DataNode n) {
        Node tree = new Node();
        if (baseAt(n) instanceof ObjectValue base) {
            for (int i = 0; i < base.size(); i++) {
                tree.put(base.keyAt(i), base.valueAt(i), n, null);
            }
        }
        for (Map.Entry<String, DataNode> c : n.children().entrySet()) {
            Value cv = c.getValue().isFunction() ? null : nodeValue(c.getValue());
            if (cv != null) {
                tree.put(StringValue.of(c.getKey()), cv, n, null);
            }
        }
        for (Rule r : candidateRules(n)) {
            int constant = Program.constantPathLength(r.ref());
            List<Term> suffix = r.ref().path().subList(constant, r.ref().path().size());
            evalRuleBodies(
                    r,
                    () -> evalItems(suffix, 0, new Value[suffix.size()], keys -> {
                        Value[] ks = keys.clone();
                        if (r.kind() == Rule.Kind.MULTI) {
                            return evalTerm(r.key(), elem -> {
                                charge(ELEMENT_BYTES, r.loc());
                                tree.addToSet(ks, 0, elem, r);
                                return false;
                            });
                        }
                        return evalTerm(valueOf(r), v -> {
                            charge(ELEMENT_BYTES, r.loc());
                            tree.putPath(ks, 0, v, r);
                            return false;
                        });
                    }));
        }
        if (n.defaultRule() != null && tree.isEmpty()) {
            return defaultValue(n.defaultRule());
        }
        return tree.toValue();
    }

    /**
     * What one definition of a rule gives when evaluated alone, without the other definitions of
     * its document: for {@code lap policy test}, where each definition is its own test, as in
     * {@code opa test}.
     *
     * @param value the definition's value: the value of the first link of its {@code else} chain
     *     that holds (null when none does); for a {@code contains} rule the set of its elements;
     *     for a rule with variable head terms the object of the keys it defines
     * @param cases for a rule with variable head terms and a single value ({@code p[k] := v}), every
     *     key the body bound, in the order first reached: the head's whole path as values, and the
     *     value under it, or null when the body failed after binding the key
     */
    public record Definition(@Nullable Value value, Map<List<Value>, Optional<Value>> cases) {}

    /** Evaluates {@code r}, a rule (not a function) of this program, alone; see {@link Definition}. */
    public Definition evalDefinition(Rule r, List<String> namePath) throws EvalFailure {
        Definition[] out = new Definition[1];
        run(() -> {
            out[0] = definition(r, namePath);
            return true;
        });
        return out[0];
    }

    private Definition definition(Rule r, List<String> namePath) {
        if (r.kind() == Rule.Kind.FUNCTION) {
            throw new IllegalArgumentException("a function is evaluated by calling it: " + namePath);
        }
        String name = "data." + String.join(".", namePath);
        int constant = Program.constantPathLength(r.ref());
        Map<List<Value>, Optional<Value>> cases = new LinkedHashMap<>();
        Value v;
        if (r.isDefault()) {
            v = defaultValue(r);
        } else if (constant == r.ref().path().size() && r.kind() == Rule.Kind.SINGLE) {
            v = linkValue(r, null);
        } else if (constant == r.ref().path().size()) {
            SetValue.Builder set = SetValue.builder();
            evalRuleBodies(
                    r,
                    () -> evalTerm(r.key(), e -> {
                        charge(ELEMENT_BYTES, r.loc());
                        set.add(e);
                        return false;
                    }));
            v = set.build();
        } else {
            v = keyedDefinition(r, constant, cases);
        }
        if (v != null) {
            trace(Tracer.Kind.EXIT, r.loc(), name, v);
        }
        return new Definition(v, Collections.unmodifiableMap(cases));
    }

    /**
     * A definition with variable head terms: the object it builds, as {@link #partialObject} builds
     * it for all of a node's rules, and for a single-valued one every key its body bound. The keys
     * are taken where {@link HeadKeys} says the body has bound their variables, before the rest of
     * the body runs, so a key whose body then fails is reported too (OPA's internal.test_case).
     */
    private @Nullable Value keyedDefinition(Rule r, int constant, Map<List<Value>, Optional<Value>> cases) {
        Node tree = new Node();
        List<Term> suffix = r.ref().path().subList(constant, r.ref().path().size());
        List<Value> prefix = new ArrayList<>(constant + 1);
        prefix.add(StringValue.of(((Term.Var) r.ref().head()).name()));
        for (Term t : r.ref().path().subList(0, constant)) {
            prefix.add(((Term.Scalar) t).value());
        }
        boolean multi = r.kind() == Rule.Kind.MULTI;
        HeadKeys keys = HeadKeys.of(r);
        List<Stmt> body = r.body();
        trace(Tracer.Kind.ENTER, r.loc(), r.loc().lineText().strip(), null);
        inFrame(() -> evalBody(body.subList(0, keys.statements()), 0, () -> {
            for (String v : keys.vars()) {
                if (!frame.isBound(v.intern())) {
                    // Not bound where expected (an unusual body): take the keys after the whole body.
                    return evalBody(body, keys.statements(), () -> keyedValue(r, suffix, prefix, multi, tree, cases));
                }
            }
            return evalItems(suffix, 0, new Value[suffix.size()], ks -> {
                Value[] bound = ks.clone();
                List<Value> path = casePath(prefix, bound);
                if (!multi) {
                    cases.putIfAbsent(path, Optional.empty());
                }
                return evalBody(body, keys.statements(), () -> keyedElement(r, bound, path, multi, tree, cases));
            });
        }));
        return tree.toValue();
    }

    private boolean keyedValue(
            Rule r,
            List<Term> suffix,
            List<Value> prefix,
            boolean multi,
            Node tree,
            Map<List<Value>, Optional<Value>> cases) {
        return evalItems(suffix, 0, new Value[suffix.size()], ks -> {
            Value[] bound = ks.clone();
            return keyedElement(r, bound, casePath(prefix, bound), multi, tree, cases);
        });
    }

    private boolean keyedElement(
            Rule r, Value[] keys, List<Value> path, boolean multi, Node tree, Map<List<Value>, Optional<Value>> cases) {
        if (multi) {
            return evalTerm(r.key(), elem -> {
                charge(ELEMENT_BYTES, r.loc());
                tree.addToSet(keys, 0, elem, r);
                return false;
            });
        }
        return evalTerm(valueOf(r), v -> {
            charge(ELEMENT_BYTES, r.loc());
            tree.putPath(keys, 0, v, r);
            cases.put(path, Optional.of(v));
            return false;
        });
    }

    private static List<Value> casePath(List<Value> prefix, Value[] keys) {
        List<Value> path = new ArrayList<>(prefix.size() + keys.length);
        path.addAll(prefix);
        path.addAll(Arrays.asList(keys));
        return List.copyOf(path);
    }

    /** A mutable object under construction for partial rules, turned into a value at the end. */
    private static final class Node {
        private final Map<Value, Object> entries = new LinkedHashMap<>();

        boolean isEmpty() {
            return entries.isEmpty();
        }

        void put(Value key, Value v, DataNode at, @Nullable Rule r) {
            entries.put(key, v);
        }

        void putPath(Value[] keys, int i, Value v, Rule r) {
            if (i == keys.length - 1) {
                Object prev = entries.get(keys[i]);
                if (prev != null && !(prev instanceof Value pv && pv.equals(v))) {
                    throw new EvalError(RegoError.EVAL_CONFLICT, "object keys must be unique", r.loc());
                }
                entries.put(keys[i], v);
                return;
            }
            child(keys[i], r).putPath(keys, i + 1, v, r);
        }

        void addToSet(Value[] keys, int i, Value elem, Rule r) {
            if (i == keys.length) {
                throw new IllegalStateException("set rule without key");
            }
            if (i == keys.length - 1) {
                Object prev = entries.get(keys[i]);
                SetAcc acc;
                if (prev instanceof SetAcc s) {
                    acc = s;
                } else if (prev == null || prev instanceof SetValue) {
                    // Another rule (p.b contains "foo") may already have put a set here.
                    acc = new SetAcc();
                    if (prev instanceof SetValue existing) {
                        acc.builder.addAll(existing);
                    }
                    entries.put(keys[i], acc);
                } else {
                    throw new EvalError(RegoError.EVAL_CONFLICT, "object keys must be unique", r.loc());
                }
                acc.builder.add(elem);
                return;
            }
            child(keys[i], r).addToSet(keys, i + 1, elem, r);
        }

        private Node child(Value key, Rule r) {
            Object prev = entries.get(key);
            if (prev instanceof Node n) {
                return n;
            }
            Node n = new Node();
            if (prev instanceof ObjectValue o) {
                for (int i = 0; i < o.size(); i++) {
                    n.entries.put(o.keyAt(i), o.valueAt(i));
                }
            } else if (prev != null) {
                throw new EvalError(RegoError.EVAL_CONFLICT, "object keys must be unique", r.loc());
            }
            entries.put(key, n);
            return n;
        }

        Value toValue() {
            ObjectValue.Builder b = ObjectValue.builder(entries.size());
            for (Map.Entry<Value, Object> e : entries.entrySet()) {
                Object v = e.getValue();
                b.put(
                        e.getKey(),
                        switch (v) {
                            case Node n -> n.toValue();
                            case SetAcc s -> s.builder.build();
                            default -> (Value) v;
                        });
            }
            return b.build();
        }
    }

    private static final class SetAcc {
        final SetValue.Builder builder = SetValue.builder();
    }

    // ---------------------------------------------------------------- calls

    private boolean evalCall(Term.Call c, VK k) {
        String written = c.operator().dottedName();
        if (written == null) {
            throw new EvalError(RegoError.EVAL_INTERNAL, "invalid function reference", c.loc());
        }
        tick(c.loc());
        String name = written;
        Term replacement =
                state.functions().isEmpty() ? null : state.functions().get(name);
        if (replacement instanceof Term.Scalar s) {
            int arity = arityOf(name);
            return evalItems(c.args(), 0, new Value[c.args().size()], args -> {
                if (arity >= 0 && args.length == arity + 1) {
                    return unifyValue(c.args().get(arity), s.value(), () -> k.accept(BooleanValue.TRUE));
                }
                return k.accept(s.value());
            });
        }
        if (replacement instanceof Term.Ref r && r.dottedName() != null) {
            // Inside a replacement no mock is in force: a mock of f by g where g calls f calls
            // the original f, and one mock never calls another.
            State unmocked = new State(state.input(), state.data(), Map.of(), newCache());
            return invoke(c, r.dottedName(), unmocked, k);
        }
        String target = name;
        switch (target) {
            case "internal.member_2" -> {
                return evalItems(c.args(), 0, new Value[2], a -> k.accept(BooleanValue.of(member(a[0], a[1]))));
            }
            case "internal.member_3" -> {
                return evalItems(c.args(), 0, new Value[3], a -> {
                    // For a set, the "key" of an element is the element itself.
                    Value found = lookup(a[2], a[0]);
                    return k.accept(BooleanValue.of(found != null && found.equals(a[1])));
                });
            }
            case "print", "internal.print" -> {
                return k.accept(BooleanValue.TRUE);
            }
            case "walk" -> {
                return evalWalk(c, k);
            }
            default -> {}
        }
        return invoke(c, target, null, k);
    }

    /**
     * Calls {@code target} with the call's operands, evaluated in the current state; the function
     * itself runs in {@code during} when given. An operand beyond the function's arity is its
     * output, unified with the result.
     */
    private boolean invoke(Term.Call c, String target, @Nullable State during, VK k) {
        int arity = arityOf(target);
        if (arity < 0) {
            throw new EvalError(RegoError.TYPE, "undefined function " + target, c.loc());
        }
        List<Term> args = c.args();
        boolean output = args.size() == arity + 1;
        List<Term> inputs = output ? args.subList(0, arity) : args;
        return evalItems(inputs, 0, new Value[inputs.size()], vals -> {
            State before = state;
            if (during != null) {
                state = during;
            }
            Value result;
            try {
                result = target.startsWith("data.")
                        ? callFunction(target, vals.clone(), c.loc())
                        : callBuiltin(target, vals.clone(), c.loc());
            } finally {
                state = before;
            }
            if (result == null) {
                return false;
            }
            if (output) {
                return unifyValue(args.get(arity), result, () -> k.accept(BooleanValue.TRUE));
            }
            return k.accept(result);
        });
    }

    /**
     * {@code walk(x)}: every {@code [path, value]} pair of {@code x}, the root first, then each
     * child in order; as {@code walk(x, pattern)} each pair is matched against the pattern.
     */
    private boolean evalWalk(Term.Call c, VK k) {
        if (c.args().isEmpty() || c.args().size() > 2) {
            throw new EvalError(RegoError.TYPE, "walk: wrong number of operands", c.loc());
        }
        return evalTerm(
                c.args().get(0),
                root -> walk(root, new ArrayList<>(), pair -> {
                    if (c.args().size() == 2) {
                        return unifyValue(c.args().get(1), pair, () -> k.accept(BooleanValue.TRUE));
                    }
                    return k.accept(pair);
                }));
    }

    private boolean walk(Value v, List<Value> path, VK k) {
        tick(null);
        if (k.accept(ArrayValue.of(ArrayValue.of(path), v))) {
            return true;
        }
        return iterate(v, (key, child) -> {
            path.add(key);
            try {
                return walk(child, path, k);
            } finally {
                path.remove(path.size() - 1);
            }
        });
    }

    private int arityOf(String name) {
        if (name.startsWith("data.")) {
            DataNode n = program.root().function(name);
            if (n == null) {
                return -1;
            }
            Rule first = n.rules().isEmpty() ? n.defaultRule() : n.rules().get(0);
            return first.args().size();
        }
        Builtin b = program.builtins().get(name);
        return b == null ? -1 : b.arity();
    }

    private static boolean member(Value x, Value coll) {
        return switch (coll) {
            case ArrayValue a -> a.asList().contains(x);
            case SetValue s -> s.contains(x);
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    if (o.valueAt(i).equals(x)) {
                        yield true;
                    }
                }
                yield false;
            }
            default -> false;
        };
    }

    private @Nullable Value callBuiltin(String name, Value[] args, Location loc) {
        return callBuiltin(program.builtins().get(name), name, args, loc);
    }

    private @Nullable Value callBuiltin(@Nullable Builtin b, String name, Value[] args, Location loc) {
        if (b == null) {
            throw new EvalError(RegoError.TYPE, "undefined function " + name, loc);
        }
        Value result;
        try {
            result = b.call(args, ctx);
        } catch (BuiltinException e) {
            if (strict) {
                throw new EvalError(e.code(), e.getMessage(), loc);
            }
            return null;
        } catch (BuiltinContext.LimitReached e) {
            throw new EvalError(e.time() ? RegoError.EVAL_CANCEL : RegoError.EVAL_MEMORY_LIMIT, e.getMessage(), loc);
        } catch (RuntimeException e) {
            // A bug in a builtin must not take the caller down: report it as that builtin's error.
            if (strict) {
                throw new EvalError(RegoError.EVAL_BUILTIN, name + ": " + e, loc);
            }
            return null;
        }
        if (result != null) {
            charge(shallowSize(result), loc);
        }
        return result;
    }

    private @Nullable Value callFunction(String name, Value[] args, Location loc) {
        DataNode n = program.root().function(name);
        if (n == null) {
            throw new EvalError(RegoError.TYPE, "undefined function " + name, loc);
        }
        Value result = null;
        for (Rule r : n.rules()) {
            if (result != null && cannotChange(r, result)) {
                continue;
            }
            Value v = linkValue(r, args);
            if (v == null) {
                continue;
            }
            if (result != null && !result.equals(v)) {
                throw new EvalError(
                        RegoError.EVAL_CONFLICT,
                        "functions must not produce multiple outputs for same inputs",
                        r.loc());
            }
            result = v;
        }
        if (result == null && n.defaultRule() != null) {
            result = defaultValue(n.defaultRule());
        }
        if (result != null) {
            trace(Tracer.Kind.EXIT, loc, name, result);
        }
        return result;
    }

    private boolean unifyArgs(List<Term> params, Value[] args, int i, K k) {
        if (i == params.size()) {
            return k.run();
        }
        return unifyValue(params.get(i), args[i], () -> unifyArgs(params, args, i + 1, k));
    }
}
