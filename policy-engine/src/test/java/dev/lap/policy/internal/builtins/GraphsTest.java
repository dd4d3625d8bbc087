package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class GraphsTest {
    private static final String GRAPH = "{\"a\": [\"b\"], \"b\": [\"c\", \"a\"], \"c\": [], \"d\": [\"x\"]}";

    @Test
    void reachableFollowsEdgesFromKnownNodesOnly() throws Exception {
        assertThat(call("graph.reachable", json(GRAPH), json("[\"a\"]")))
                .isEqualTo(SetValue.of(str("a"), str("b"), str("c")));
        assertThat(call("graph.reachable", json(GRAPH), SetValue.of(str("d"), str("z"))))
                .isEqualTo(SetValue.of(str("d")));
    }

    @Test
    void reachablePathsStopAtLeavesCyclesAndUnknownNodes() throws Exception {
        assertThat(call("graph.reachable_paths", json(GRAPH), json("[\"a\"]")))
                .isEqualTo(SetValue.of(json("[\"a\", \"b\", \"c\"]"), json("[\"a\", \"b\"]")));
        assertThat(call("graph.reachable_paths", json(GRAPH), json("[\"d\"]"))).isEqualTo(SetValue.of(json("[\"d\"]")));
        assertThat(call("graph.reachable_paths", json(GRAPH), json("[\"c\"]")))
                .isEqualTo(SetValue.of(ArrayValue.of(str("c"))));
    }
}
