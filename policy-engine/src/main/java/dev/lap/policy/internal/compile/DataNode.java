package dev.lap.policy.internal.compile;

import dev.lap.policy.internal.ast.Rule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A node of the {@code data} tree that rules define: packages and rule names. A rule sits at the
 * node of its head's constant prefix ({@code p[k] := v} at {@code p}, {@code a.b.c := 1} at
 * {@code c}); the rest of its head, if any, is dynamic. Base data below a node is merged in at
 * evaluation time.
 */
public final class DataNode {
    private final List<String> path;
    private final Map<String, DataNode> children = new LinkedHashMap<>();
    private final List<Rule> rules = new ArrayList<>();
    private @Nullable Rule defaultRule;
    private @Nullable RuleIndex index;
    private Shape shape = Shape.NONE;
    private boolean frozen;
    private Map<String, DataNode> functions = Map.of();
    private int id;
    private int nodeCount;

    DataNode(List<String> path) {
        this.path = List.copyOf(path);
    }

    /** Keys from {@code data}, e.g. {@code ["lap", "egress", "decision"]}. */
    public List<String> path() {
        return path;
    }

    public @Nullable DataNode child(String key) {
        return children.get(key);
    }

    public Map<String, DataNode> children() {
        return frozen ? children : Collections.unmodifiableMap(children);
    }

    /** The rules whose constant head prefix ends here, in source order; {@code default} rules excluded. */
    public List<Rule> rules() {
        return rules;
    }

    /** The index over {@link #rules()}, when they are many and test the input the same way. */
    public @Nullable RuleIndex index() {
        return index;
    }

    void buildIndex() {
        index = isFunction() ? null : RuleIndex.build(rules);
        shape = shapeOf();
    }

    /** What kind of document this node's rules build, decided once when compilation ends. */
    public enum Shape {
        /** No rules here: base data merged with the nodes below. */
        NONE,
        /** Functions: not a document. */
        FUNCTION,
        /** Rules whose heads end here and give one value ({@code p := v}, {@code p if ...}). */
        COMPLETE,
        /** {@code p contains x} rules ending here: a set. */
        SET,
        /** Rules with heads continuing below ({@code p[k] := v}, {@code p.q[x] contains y}): an object. */
        OBJECT
    }

    public Shape shape() {
        return shape;
    }

    private Shape shapeOf() {
        if (!hasRules()) {
            return Shape.NONE;
        }
        if (isFunction()) {
            return Shape.FUNCTION;
        }
        if (rules.isEmpty()) {
            return Shape.COMPLETE; // only a default rule
        }
        for (Rule r : rules) {
            if (Program.constantPathLength(r.ref()) != r.ref().path().size()) {
                return Shape.OBJECT;
            }
        }
        return rules.get(0).kind() == Rule.Kind.MULTI ? Shape.SET : Shape.COMPLETE;
    }

    public @Nullable Rule defaultRule() {
        return defaultRule;
    }

    public boolean hasRules() {
        return !rules.isEmpty() || defaultRule != null;
    }

    /** Whether this node or any node below it has rules. */
    public boolean definesRules() {
        if (hasRules()) {
            return true;
        }
        for (DataNode c : children.values()) {
            if (c.definesRules()) {
                return true;
            }
        }
        return false;
    }

    public boolean isFunction() {
        Rule first = rules.isEmpty() ? defaultRule : rules.get(0);
        return first != null && first.kind() == Rule.Kind.FUNCTION;
    }

    DataNode childOrCreate(String key) {
        // Interned, as ref keys in terms are: a lookup then finds the key by identity.
        return children.computeIfAbsent(key.intern(), k -> {
            List<String> p = new ArrayList<>(path);
            p.add(k);
            return new DataNode(p);
        });
    }

    void addRule(Rule r) {
        rules.add(r);
    }

    void setDefault(Rule r) {
        defaultRule = r;
    }

    void replaceRules(List<Rule> replacement, @Nullable Rule def) {
        rules.clear();
        rules.addAll(replacement);
        defaultRule = def;
    }

    void freeze() {
        frozen = true;
        for (DataNode c : children.values()) {
            c.freeze();
        }
        if (path.isEmpty()) {
            Map<String, DataNode> fns = new java.util.HashMap<>();
            collectFunctions(this, fns);
            functions = Map.copyOf(fns);
            nodeCount = number(this, 0);
        }
    }

    private static int number(DataNode n, int next) {
        n.id = next++;
        for (DataNode c : n.children.values()) {
            next = number(c, next);
        }
        return next;
    }

    /** This node's number, unique in its tree, from 0 to the root's {@link #nodeCount()}: for per-evaluation arrays. */
    public int id() {
        return id;
    }

    /** On the root: how many nodes the tree has. */
    public int nodeCount() {
        return nodeCount;
    }

    private static void collectFunctions(DataNode n, Map<String, DataNode> out) {
        if (n.isFunction()) {
            out.put(n.toString(), n);
        }
        for (DataNode c : n.children.values()) {
            collectFunctions(c, out);
        }
    }

    /**
     * On the root: the function node a dotted name such as {@code data.pkg.f} names, or null.
     * Every call of a user function asks this, so the names are indexed once, when compilation ends.
     */
    public @Nullable DataNode function(String dottedName) {
        return functions.get(dottedName);
    }

    @Override
    public String toString() {
        return "data" + (path.isEmpty() ? "" : "." + String.join(".", path));
    }
}
