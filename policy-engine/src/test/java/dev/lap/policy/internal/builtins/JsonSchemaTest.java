package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonSchemaTest {
    private static final String SCHEMA =
            "{\"properties\": {\"id\": {\"type\": \"integer\"}, \"tags\": {\"type\": \"array\", \"maxItems\": 1}},"
                    + " \"required\": [\"id\"]}";

    @Test
    void matchingDocumentHasNoErrors() throws Exception {
        assertThat(call("json.match_schema", json("{\"id\": 5}"), json(SCHEMA))).isEqualTo(json("[true, []]"));
        assertThat(call("json.match_schema", str("{\"id\": 5}"), str(SCHEMA))).isEqualTo(json("[true, []]"));
    }

    @Test
    void errorsAreReportedAsGojsonschemaDoes() throws Exception {
        assertThat(call("json.match_schema", json("{\"id\": \"foo\"}"), json(SCHEMA)))
                .isEqualTo(json("""
                        [false, [{"desc": "Invalid type. Expected: integer, given: string",
                                  "error": "id: Invalid type. Expected: integer, given: string",
                                  "field": "id", "type": "invalid_type"}]]"""));
        assertThat(call("json.match_schema", json("{}"), json(SCHEMA))).isEqualTo(json("""
                        [false, [{"desc": "id is required", "error": "(root): id is required",
                                  "field": "(root)", "type": "required"}]]"""));
    }

    @Test
    void unknownTypeNameMakesTheSchemaInvalid() throws Exception {
        String message = "has a primitive type that is NOT VALID -- given: /nope/ Expected valid values are:"
                + "[array boolean integer number null object string]";
        assertThat(call("json.verify_schema", json("{\"type\": \"nope\"}")))
                .isEqualTo(json("[false, \"jsonschema: " + message + "\"]"));
        assertThat(failure("json.match_schema", json("{}"), json("{\"type\": \"nope\"}"))
                        .getMessage())
                .isEqualTo("json.match_schema: " + message);
        assertThat(call("json.verify_schema", str("{\"type\": \"boolean\"}"))).isEqualTo(json("[true, null]"));
    }

    @Test
    void referencesLeavingTheSchemaAreRefused() throws Exception {
        assertThat(((dev.lap.policy.value.ArrayValue)
                                call("json.verify_schema", json("{\"$ref\": \"https://example.com/schema.json\"}")))
                        .get(0))
                .isEqualTo(json("false"));
        assertThat(call("json.verify_schema", str("not json")))
                .isEqualTo(json("[false, \"jsonschema: invalid JSON string\"]"));
    }
}
