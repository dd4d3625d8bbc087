package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code graph.reachable} and {@code graph.reachable_paths} over a graph given as an object from
 * node to an array or set of neighbours. Nodes that are not keys of the graph are never reached;
 * neighbour collections of other kinds count as no edges.
 */
final class Graphs {
    private Graphs() {}

    static void register(BuiltinRegistry r) {
        Type nodes = Type.oneOf(Type.ARRAY, Type.SET);
        r.register("graph.reachable", List.of(Type.OBJECT, nodes), Type.SET, (a, ctx) -> {
            ObjectValue graph = (ObjectValue) a[0];
            Deque<Value> queue = new ArrayDeque<>(Operands.elements(a[1]));
            Set<Value> reached = new HashSet<>();
            SetValue.Builder out = SetValue.builder();
            while (!queue.isEmpty()) {
                Value node = queue.poll();
                Value edges = graph.get(node);
                if (edges == null || !reached.add(node)) {
                    continue;
                }
                out.add(node);
                for (Value neighbour : neighbours(edges)) {
                    if (!reached.contains(neighbour)) {
                        queue.add(neighbour);
                    }
                }
            }
            return out.build();
        });
        r.register("graph.reachable_paths", List.of(Type.OBJECT, nodes), Type.SET, (a, ctx) -> {
            ObjectValue graph = (ObjectValue) a[0];
            SetValue.Builder out = SetValue.builder();
            for (Value node : Operands.elements(a[1])) {
                Value edges = graph.get(node);
                if (edges == null) {
                    continue;
                }
                List<Value> next = neighbours(edges);
                if (next.isEmpty()) {
                    out.add(ArrayValue.of(node));
                }
                for (Value neighbour : next) {
                    paths(graph, neighbour, List.of(node), Set.of(node), out);
                }
            }
            return out.build();
        });
    }

    /**
     * Adds every maximal path from {@code root} on: a path ends at a node outside the graph (which
     * it leaves out), at a node without edges, or just before it would revisit a node.
     */
    private static void paths(
            ObjectValue graph, Value root, List<Value> path, Set<Value> reached, SetValue.Builder out) {
        Value edges = graph.get(root);
        if (edges == null) {
            out.add(ArrayValue.of(path));
            return;
        }
        List<Value> extended = new ArrayList<>(path);
        extended.add(root);
        List<Value> next = neighbours(edges);
        if (next.isEmpty()) {
            out.add(ArrayValue.of(extended));
            return;
        }
        Set<Value> seen = new HashSet<>(reached);
        seen.add(root);
        for (Value neighbour : next) {
            if (seen.contains(neighbour)) {
                out.add(ArrayValue.of(extended));
            } else {
                paths(graph, neighbour, extended, seen, out);
            }
        }
    }

    private static List<Value> neighbours(Value edges) {
        return edges instanceof ArrayValue || edges instanceof SetValue ? Operands.elements(edges) : List.of();
    }
}
