package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Term;
import dev.lap.policy.internal.builtins.BuiltinRegistry;
import dev.lap.policy.value.Value;

/**
 * A compiled policy: the tree of rules under {@code data}, the base data document and the
 * builtins calls resolve to. Immutable after compilation.
 */
public record Program(DataNode root, Value baseData, BuiltinRegistry builtins) {

    /**
     * How many path elements of a rule head are constant names ({@code p.q[x]}: 1, {@code q});
     * the rule sits at the node those names lead to, and the rest of the head is dynamic.
     */
    public static int constantPathLength(Term.Ref ref) {
        int n = 0;
        for (Term t : ref.path()) {
            if (Resolver.constantKey(t) == null) {
                break;
            }
            n++;
        }
        return n;
    }

    /** The node of {@code path} below data, or null if no rule is defined at or below it. */
    public DataNode node(java.util.List<String> path) {
        DataNode n = root;
        for (String key : path) {
            DataNode c = n.child(key);
            if (c == null) {
                return null;
            }
            n = c;
        }
        return n;
    }
}
