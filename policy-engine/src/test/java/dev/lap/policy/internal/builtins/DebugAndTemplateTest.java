package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugAndTemplateTest {
    @Test
    void templateMatchQuotesLiteralsAndKeepsDelimitedRegexes() throws Exception {
        assertThat(call("regex.template_match", str("urn:foo:{.*}"), str("urn:foo:bar:baz"), str("{"), str("}")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("regex.template_match", str("a.b<[0-9]+>"), str("axb12"), str("<"), str(">")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("regex.template_match", str("a.b<[0-9]+>"), str("a.b12"), str("<"), str(">")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(failure("regex.template_match", str("urn:{.*"), str("urn:x"), str("{"), str("}"))
                        .getMessage())
                .contains("unbalanced braces");
    }

    @Test
    void traceIsTrueAndHandsItsNoteToTheListener() throws Exception {
        List<String> notes = new ArrayList<>();
        Builtin trace = BuiltinRegistry.standardRegistry().get("trace");
        Value result =
                trace.call(new Value[] {StringValue.of("hello")}, new BuiltinContext(Clock.systemUTC(), notes::add));
        assertThat(result).isEqualTo(BooleanValue.TRUE);
        assertThat(notes).containsExactly("hello");
        assertThat(call("trace", str("nobody listens"))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void testCaseMarkerIsAlwaysTrue() throws Exception {
        assertThat(call("internal.test_case", json("[\"case\", 1]"))).isEqualTo(BooleanValue.TRUE);
    }
}
