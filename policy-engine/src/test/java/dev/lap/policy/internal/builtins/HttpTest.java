package dev.lap.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.Value;
import org.junit.jupiter.api.Test;

class HttpTest {
    private static BuiltinException send(String request) {
        Builtin b = BuiltinRegistry.standardRegistry().get("http.send");
        return catchThrowableOfType(
                BuiltinException.class, () -> b.call(new Value[] {Json.parse(request)}, BuiltinContext.system()));
    }

    @Test
    void aWellFormedRequestIsRefusedBecausePoliciesHaveNoNetwork() {
        BuiltinException e = send("{\"method\": \"get\", \"url\": \"https://example.com\"}");
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).startsWith("http.send: lap evaluates policies without network access");
    }

    @Test
    void unknownAndMissingParametersAreReportedAsOpaReportsThem() {
        assertThat(send("{\"bad_key\": 1, \"method\": \"get\", \"url\": \"u\"}").getMessage())
                .isEqualTo("http.send: invalid request parameters(s): {\"bad_key\"}");
        BuiltinException missing = send("{\"method\": \"get\"}");
        assertThat(missing.code()).isEqualTo(RegoError.EVAL_TYPE);
        assertThat(missing.getMessage()).isEqualTo("http.send: missing required request parameters(s): {\"url\"}");
    }
}
