package dev.lap.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Input given as Java maps is read in place where a policy looks up known keys; every answer must
 * be the one the fully converted input gives.
 */
class JavaInputTest {
    private static final String POLICY = """
            package t
            host := input.request.host
            missing := input.request.nothing
            nothing := input.request.empty
            first := input.list[0]
            beyond := input.list[5]
            negative := input.list[-1]
            numkey := input.request[1]
            nested := input.request.headers
            tagged contains t if some t in input.tags
            keys contains k if some k, _ in input.request
            indexed := input.list[input.i]
            deep := input.list[1].x
            whole := input
            """;

    private static final List<String> REFS = List.of(
            "host",
            "missing",
            "nothing",
            "first",
            "beyond",
            "negative",
            "numkey",
            "nested",
            "tagged",
            "keys",
            "indexed",
            "deep",
            "whole");

    private static CompiledPolicy policy() throws RegoException {
        return PolicyEngine.create().compile(List.of(new PolicySource("p.rego", POLICY)), ObjectValue.EMPTY);
    }

    private static String eval(CompiledPolicy p, String ref, Object input) {
        return switch (p.evaluate("data.t." + ref, input)) {
            case Result.Defined d -> Json.write(d.value());
            case Result.Undefined u -> "undefined";
            case Result.Failed f ->
                "error " + f.error().code() + " " + f.error().message();
        };
    }

    private static void assertSameAsConverted(Object input) throws RegoException {
        CompiledPolicy p = policy();
        for (String ref : REFS) {
            assertThat(eval(p, ref, input)).as(ref).isEqualTo(eval(p, ref, Values.of(input)));
        }
    }

    @Test
    void standardMapsReadInPlaceAnswerAsTheConvertedInput() throws RegoException {
        Map<String, Object> request = new HashMap<>();
        request.put("host", "api.github.com");
        request.put("empty", null);
        request.put("headers", Map.of("accept", "json"));
        List<Object> list = new ArrayList<>();
        list.add("a");
        list.add(new TreeMap<>(Map.of("x", 1.5)));
        list.add(null);
        Map<String, Object> input = new HashMap<>();
        input.put("request", request);
        input.put("list", list);
        input.put("tags", List.of("b", "a"));
        input.put("i", 2);
        assertSameAsConverted(input);
        assertThat(eval(policy(), "host", input)).isEqualTo("\"api.github.com\"");
        assertThat(eval(policy(), "nothing", input)).isEqualTo("null");
        assertThat(eval(policy(), "indexed", input)).isEqualTo("null");
    }

    @Test
    void unusualMapsAndKeysAreConvertedWholeWithTheSameAnswers() throws RegoException {
        Map<Object, Object> numberKeys = new HashMap<>();
        numberKeys.put(1, "one");
        numberKeys.put("host", "h");
        Map<String, Object> identity = new IdentityHashMap<>();
        identity.put(new String("host"), "i");
        assertSameAsConverted(Map.of("request", numberKeys, "tags", new LinkedHashSet<>(List.of("x"))));
        assertSameAsConverted(Map.of("request", identity));
        assertThat(eval(policy(), "numkey", Map.of("request", numberKeys))).isEqualTo("\"one\"");
        assertThat(eval(policy(), "host", Map.of("request", identity))).isEqualTo("\"i\"");
    }

    @Test
    void inputWithoutARegoFormFailsBeforeEvaluation() throws RegoException {
        assertThat(eval(policy(), "host", Map.of("request", Map.of("host", new Object()))))
                .startsWith("error eval_type_error input[request][host]");
        assertThat(eval(policy(), "host", Map.of("request", Map.of("host", Double.NaN))))
                .startsWith("error eval_type_error");
    }
}
