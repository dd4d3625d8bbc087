package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class UuidsTest {
    @Test
    void rfc4122IsStableWithinAnEvaluation() throws Exception {
        Builtin b = BuiltinRegistry.standardRegistry().get("uuid.rfc4122");
        BuiltinContext ctx = BuiltinContext.system();
        Value first = b.call(new Value[] {str("key")}, ctx);
        assertThat(b.call(new Value[] {str("key")}, ctx)).isEqualTo(first);
        assertThat(b.call(new Value[] {str("other")}, ctx)).isNotEqualTo(first);
        assertThat(((StringValue) first).value())
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void parseDecodesVersionTwoFields() throws Exception {
        assertThat(call("uuid.parse", str("000003e8-48b9-21ee-b200-325096b39f47")))
                .isEqualTo(json("{\"clocksequence\": 12800, \"domain\": \"Person\", \"id\": 1000,"
                        + " \"macvariables\": \"local:unicast\", \"nodeid\": \"32-50-96-b3-9f-47\","
                        + " \"time\": 1693566990121469600, \"variant\": \"RFC4122\", \"version\": 2}"));
    }

    @Test
    void parseAcceptsGooglesInputForms() throws Exception {
        Value v4 = json("{\"variant\": \"RFC4122\", \"version\": 4}");
        assertThat(call("uuid.parse", str("00000000-0000-4000-8000-000000000000")))
                .isEqualTo(v4);
        assertThat(call("uuid.parse", str("(00000000-0000-4000-8000-000000000000)")))
                .isEqualTo(v4);
        assertThat(call("uuid.parse", str("URN:UUID:00000000-0000-4000-8000-000000000000")))
                .isEqualTo(v4);
        assertThat(call("uuid.parse", str("6bea8ef2d3d33cd184e09bab06a52ece")))
                .isEqualTo(json("{\"variant\": \"RFC4122\", \"version\": 3}"));
        assertThat(call("uuid.parse", str("not-a-uuid"))).isNull();
    }
}
