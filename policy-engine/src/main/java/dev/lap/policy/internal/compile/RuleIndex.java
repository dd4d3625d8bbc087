package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Literal;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Stmt;
import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds, among the rules of one node, those that can match an input without evaluating the
 * others. A rule whose body says {@code input.a.b == "x"} (or {@code = "x"}) can only hold when
 * {@code input.a.b} is {@code "x"}; the index picks the input path most rules test that way and
 * buckets the rules by the constant. An allow-list of a thousand hosts then costs one lookup,
 * not a thousand bodies. Rules with an {@code else} chain are never skipped: a later link may
 * hold where the first cannot.
 */
public final class RuleIndex {
    private final List<String> inputPath;
    private final Map<Value, List<Rule>> buckets;
    private final List<Rule> always;
    private final Map<Rule, Integer> order;

    private RuleIndex(List<String> inputPath, Map<Value, List<Rule>> buckets, List<Rule> always, List<Rule> all) {
        this.inputPath = inputPath;
        this.buckets = buckets;
        this.always = always;
        this.order = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            order.put(all.get(i), i);
        }
    }

    /** Worth it from this many rules on: below it, evaluating every body is as cheap. */
    static final int MIN_RULES = 8;

    /** An index over {@code rules}, or null when too few of them test the same input path. */
    static @Nullable RuleIndex build(List<Rule> rules) {
        if (rules.size() < MIN_RULES) {
            return null;
        }
        Map<List<String>, Integer> votes = new HashMap<>();
        for (Rule r : rules) {
            if (r.elseRule() != null) {
                continue;
            }
            for (Stmt s : r.body()) {
                Equality e = equality(s);
                if (e != null) {
                    votes.merge(e.path(), 1, Integer::sum);
                }
            }
        }
        List<String> best = null;
        int bestVotes = 0;
        for (Map.Entry<List<String>, Integer> v : votes.entrySet()) {
            if (v.getValue() > bestVotes) {
                best = v.getKey();
                bestVotes = v.getValue();
            }
        }
        if (best == null || bestVotes < MIN_RULES / 2) {
            return null;
        }
        Map<Value, List<Rule>> buckets = new HashMap<>();
        List<Rule> always = new ArrayList<>();
        for (Rule r : rules) {
            Value constant = r.elseRule() == null ? constantFor(r, best) : null;
            if (constant == null) {
                always.add(r);
            } else {
                buckets.computeIfAbsent(constant, k -> new ArrayList<>()).add(r);
            }
        }
        return new RuleIndex(List.copyOf(best), buckets, List.copyOf(always), rules);
    }

    /** The input path this index tests, e.g. {@code [request, host]}. */
    public List<String> inputPath() {
        return inputPath;
    }

    /**
     * The rules that may hold when {@code input} at {@link #inputPath()} is {@code value} (null
     * when undefined there), in source order.
     */
    public List<Rule> candidates(@Nullable Value value) {
        List<Rule> hit = value == null ? null : buckets.get(value);
        if (hit == null) {
            return always;
        }
        if (always.isEmpty()) {
            return hit;
        }
        List<Rule> out = new ArrayList<>(hit.size() + always.size());
        out.addAll(hit);
        out.addAll(always);
        out.sort((a, b) -> Integer.compare(order.get(a), order.get(b)));
        return out;
    }

    private record Equality(List<String> path, Value constant) {}

    private static @Nullable Value constantFor(Rule r, List<String> path) {
        for (Stmt s : r.body()) {
            Equality e = equality(s);
            if (e != null && e.path().equals(path)) {
                return e.constant();
            }
        }
        return null;
    }

    /** {@code input.a.b == "x"}, {@code "x" == input.a.b}, or the same with {@code =}, without modifiers. */
    private static @Nullable Equality equality(Stmt s) {
        if (!s.withs().isEmpty() || !(s.literal() instanceof Literal.Expr e) || !(e.term() instanceof Term.Call c)) {
            return null;
        }
        String op = c.operator().dottedName();
        if (c.args().size() != 2 || !("equal".equals(op) || "eq".equals(op))) {
            return null;
        }
        Function<Term, @Nullable List<String>> inputRef = RuleIndex::inputPath;
        Term a = c.args().get(0);
        Term b = c.args().get(1);
        List<String> path = inputRef.apply(a);
        if (path != null && b instanceof Term.Scalar sc) {
            return new Equality(path, sc.value());
        }
        path = inputRef.apply(b);
        if (path != null && a instanceof Term.Scalar sc) {
            return new Equality(path, sc.value());
        }
        return null;
    }

    private static @Nullable List<String> inputPath(Term t) {
        if (!(t instanceof Term.Ref r)
                || !(r.head() instanceof Term.Var v)
                || !v.name().equals("input")) {
            return null;
        }
        List<String> path = new ArrayList<>();
        for (Term p : r.path()) {
            if (!(p instanceof Term.Scalar sc && sc.value() instanceof StringValue str)) {
                return null;
            }
            path.add(str.value());
        }
        return path.isEmpty() ? null : path;
    }
}
