package dev.lap.policy.internal.compile;

import dev.lap.policy.RegoError;
import dev.lap.policy.internal.ast.AstWalk;
import dev.lap.policy.internal.ast.Rule;
import dev.lap.policy.internal.ast.Term;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rejects rules that depend on themselves, directly or through others ({@code rego_recursion_error}).
 * A ref that stops above rules ({@code data.pkg}) depends on every rule below it; a ref with a
 * variable key depends on every rule below the constant part.
 */
final class RecursionCheck {
    private final DataNode root;
    private final List<RegoError> errors;
    private final Map<DataNode, Set<DataNode>> edges = new HashMap<>();

    RecursionCheck(DataNode root, List<RegoError> errors) {
        this.root = root;
        this.errors = errors;
    }

    void run() {
        collect(root);
        Map<DataNode, Integer> state = new HashMap<>();
        for (DataNode n : edges.keySet()) {
            visit(n, state, new ArrayList<>());
        }
    }

    private void collect(DataNode n) {
        if (n.hasRules()) {
            Set<DataNode> deps = new LinkedHashSet<>();
            for (Rule r : n.rules()) {
                rule(r, deps);
            }
            if (n.defaultRule() != null) {
                rule(n.defaultRule(), deps);
            }
            edges.put(n, deps);
        }
        for (DataNode c : n.children().values()) {
            collect(c);
        }
    }

    private void visit(DataNode n, Map<DataNode, Integer> state, List<DataNode> stack) {
        Integer s = state.get(n);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            int from = stack.indexOf(n);
            StringBuilder cycle = new StringBuilder();
            for (int i = from; i < stack.size(); i++) {
                cycle.append(stack.get(i)).append(" -> ");
            }
            cycle.append(n);
            Rule r = n.rules().isEmpty() ? n.defaultRule() : n.rules().get(0);
            errors.add(RegoError.at(
                    RegoError.RECURSION, "rule " + n + " is recursive: " + cycle, r == null ? null : r.loc()));
            return;
        }
        state.put(n, 1);
        stack.add(n);
        for (DataNode d : edges.getOrDefault(n, Set.of())) {
            visit(d, state, stack);
        }
        stack.remove(stack.size() - 1);
        state.put(n, 2);
    }

    private void rule(Rule r, Set<DataNode> deps) {
        AstWalk.rule(r, t -> {
            if (t instanceof Term.Ref ref
                    && ref.head() instanceof Term.Var v
                    && v.name().equals("data")) {
                dataRef(ref.path(), deps);
            } else if (t instanceof Term.Call c
                    && c.operator().head() instanceof Term.Var v
                    && v.name().equals("data")) {
                dataRef(c.operator().path(), deps);
            }
        });
    }

    private void dataRef(List<Term> path, Set<DataNode> deps) {
        DataNode n = root;
        for (Term p : path) {
            if (n.hasRules()) {
                deps.add(n);
                return;
            }
            String key = Resolver.constantKey(p);
            if (key == null && p instanceof Term.Scalar) {
                return; // a number or boolean key names no rule
            }
            if (key == null) {
                // A variable key ({@code data[x].allow}) is resolved at run time, where the
                // evaluator's own guard catches a rule that reaches itself.
                return;
            }
            DataNode c = n.child(key);
            if (c == null) {
                return;
            }
            n = c;
        }
        addSubtree(n, deps);
    }

    private static void addSubtree(DataNode n, Set<DataNode> deps) {
        if (n.hasRules()) {
            deps.add(n);
        }
        for (DataNode c : n.children().values()) {
            addSubtree(c, deps);
        }
    }
}
