package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class TypesTest {
    @Test
    void kindTestsAreTrueOrFalse() throws Exception {
        assertThat(call("is_number", num("-42.0"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_number", json("null"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("is_string", str("OPA"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_boolean", json("false"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_array", json("[]"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_set", json("[]"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("is_set", SetValue.EMPTY)).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_object", json("{}"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("is_null", json("null"))).isEqualTo(BooleanValue.TRUE);
    }

    @Test
    void typeNameNamesEveryKind() throws Exception {
        assertThat(call("type_name", json("null"))).isEqualTo(str("null"));
        assertThat(call("type_name", json("true"))).isEqualTo(str("boolean"));
        assertThat(call("type_name", num(1))).isEqualTo(str("number"));
        assertThat(call("type_name", str(""))).isEqualTo(str("string"));
        assertThat(call("type_name", json("[]"))).isEqualTo(str("array"));
        assertThat(call("type_name", json("{}"))).isEqualTo(str("object"));
        assertThat(call("type_name", SetValue.EMPTY)).isEqualTo(str("set"));
    }
}
