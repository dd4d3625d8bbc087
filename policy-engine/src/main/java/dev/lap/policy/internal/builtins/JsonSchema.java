package dev.lap.policy.internal.builtins;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.DocumentException;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * {@code json.verify_schema} and {@code json.match_schema}. Validation is networknt's
 * json-schema-validator (draft 7 unless the schema names another draft); results are reshaped
 * into what OPA's gojsonschema reports: {@code {error, type, field, desc}} with gojsonschema's
 * error types, field paths and English descriptions for the common keywords.
 *
 * <p>Two of gojsonschema's load-time checks are made here, because the library is more lenient:
 * every {@code type} must name one of the seven JSON types. And since a schema may come from
 * input, a {@code $ref} must stay inside the schema: lap makes no network or file access from a
 * policy.
 */
final class JsonSchema {
    private JsonSchema() {}

    private static final Set<String> TYPES =
            Set.of("array", "boolean", "integer", "number", "null", "object", "string");
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

    /** Why a schema cannot be used, in gojsonschema's words. */
    private static final class SchemaError extends Exception {
        private static final long serialVersionUID = 1L;

        SchemaError(String message) {
            super(message, null, false, false);
        }
    }

    static void register(BuiltinRegistry r) {
        Type stringOrObject = Type.oneOf(Type.STRING, Type.OBJECT);
        r.register("json.verify_schema", List.of(stringOrObject), Type.ARRAY, (a, ctx) -> {
            try {
                compile(a[0]);
                return ArrayValue.of(BooleanValue.TRUE, NullValue.NULL);
            } catch (SchemaError e) {
                return ArrayValue.of(BooleanValue.FALSE, StringValue.of("jsonschema: " + e.getMessage()));
            }
        });
        r.register("json.match_schema", List.of(stringOrObject, stringOrObject), Type.ARRAY, (a, ctx) -> {
            String name = "json.match_schema";
            Schema schema;
            String document;
            try {
                document = jsonText(a[0]);
                schema = compile(a[1]);
            } catch (SchemaError e) {
                throw BuiltinException.failed(name, e.getMessage());
            }
            List<Error> errors;
            try {
                errors = schema.validate(document, InputFormat.JSON);
            } catch (RuntimeException e) {
                throw BuiltinException.failed(name, String.valueOf(e.getMessage()));
            }
            List<Value> out = new ArrayList<>();
            for (Error e : errors) {
                out.add(describe(e));
            }
            return ArrayValue.of(BooleanValue.of(errors.isEmpty()), ArrayValue.of(out));
        });
    }

    private static Schema compile(Value schemaValue) throws SchemaError {
        String text = jsonText(schemaValue);
        check(dev.lap.policy.value.Json.parse(text));
        try {
            return REGISTRY.getSchema(text, InputFormat.JSON);
        } catch (RuntimeException e) {
            throw new SchemaError(String.valueOf(e.getMessage()));
        }
    }

    /** A string operand is JSON text (and must parse); an object is the document itself. */
    private static String jsonText(Value v) throws SchemaError {
        if (v instanceof StringValue s) {
            try {
                dev.lap.policy.value.Json.parse(s.value());
            } catch (DocumentException e) {
                throw new SchemaError("invalid JSON string");
            }
            return s.value();
        }
        return dev.lap.policy.value.Json.write(v);
    }

    /** gojsonschema's type-name check, and no references leaving the schema. */
    private static void check(Value v) throws SchemaError {
        if (v instanceof ArrayValue arr) {
            for (Value item : arr.asList()) {
                check(item);
            }
            return;
        }
        if (!(v instanceof ObjectValue o)) {
            return;
        }
        Value type = o.get("type");
        List<Value> names = type instanceof ArrayValue arr ? arr.asList() : type == null ? List.of() : List.of(type);
        for (Value n : names) {
            if (n instanceof StringValue s && !TYPES.contains(s.value())) {
                throw new SchemaError("has a primitive type that is NOT VALID -- given: /" + s.value()
                        + "/ Expected valid values are:[array boolean integer number null object string]");
            }
        }
        if (o.get("$ref") instanceof StringValue ref && !ref.value().startsWith("#")) {
            throw new SchemaError("$ref " + ref.value() + ": references outside the schema are not allowed");
        }
        for (int i = 0; i < o.size(); i++) {
            // Inside "properties" and friends the keys are names, not keywords, but their values are schemas.
            check(o.valueAt(i));
        }
    }

    /** One error as gojsonschema's ResultError: type, field ("(root)" or a dotted path), description. */
    private static ObjectValue describe(Error e) {
        String keyword = e.getKeyword() == null ? "" : e.getKeyword();
        NodePath at = e.getInstanceLocation();
        String field = field(at);
        JsonNode rule = keywordValue(e, keyword);
        String type;
        String desc;
        switch (keyword) {
            case "type" -> {
                type = "invalid_type";
                desc = "Invalid type. Expected: " + expectedTypes(rule) + ", given: " + jsonType(e.getInstanceNode());
            }
            case "required" -> {
                type = "required";
                desc = e.getProperty() + " is required";
            }
            case "additionalProperties" -> {
                type = "additional_property_not_allowed";
                desc = "Additional property " + e.getProperty() + " is not allowed";
            }
            case "enum" -> {
                type = "enum";
                desc = lastName(at) + " must be one of the following: " + listText(rule);
            }
            case "const" -> {
                type = "const";
                desc = lastName(at) + " does not match: " + rule;
            }
            case "minLength" -> {
                type = "string_gte";
                desc = "String length must be greater than or equal to " + rule;
            }
            case "maxLength" -> {
                type = "string_lte";
                desc = "String length must be less than or equal to " + rule;
            }
            case "pattern" -> {
                type = "pattern";
                desc = "Does not match pattern '" + (rule == null ? "" : rule.asString()) + "'";
            }
            case "minimum" -> {
                type = "number_gte";
                desc = "Must be greater than or equal to " + rule;
            }
            case "maximum" -> {
                type = "number_lte";
                desc = "Must be less than or equal to " + rule;
            }
            case "exclusiveMinimum" -> {
                type = "number_gt";
                desc = "Must be greater than " + rule;
            }
            case "exclusiveMaximum" -> {
                type = "number_lt";
                desc = "Must be less than " + rule;
            }
            case "multipleOf" -> {
                type = "multiple_of";
                desc = "Must be a multiple of " + rule;
            }
            case "minItems" -> {
                type = "array_min_items";
                desc = "Array must have at least " + rule + " items";
            }
            case "maxItems" -> {
                type = "array_max_items";
                desc = "Array must have at most " + rule + " items";
            }
            case "minProperties" -> {
                type = "array_min_properties";
                desc = "Must have at least " + rule + " properties";
            }
            case "maxProperties" -> {
                type = "array_max_properties";
                desc = "Must have at most " + rule + " properties";
            }
            case "anyOf" -> {
                type = "number_any_of";
                desc = "Must validate at least one schema (anyOf)";
            }
            case "oneOf" -> {
                type = "number_one_of";
                desc = "Must validate one and only one schema (oneOf)";
            }
            case "allOf" -> {
                type = "number_all_of";
                desc = "Must validate all the schemas (allOf)";
            }
            case "not" -> {
                type = "number_not";
                desc = "Must not validate the schema (not)";
            }
            case "format" -> {
                type = "format";
                desc = "Does not match format '" + (rule == null ? "" : rule.asString()) + "'";
            }
            default -> {
                // A keyword gojsonschema words differently or not at all: the library's own text.
                type = keyword;
                desc = e.getMessage();
            }
        }
        return ObjectValue.builder()
                .put("error", StringValue.of(field + ": " + desc))
                .put("type", StringValue.of(type))
                .put("field", StringValue.of(field))
                .put("desc", StringValue.of(desc))
                .build();
    }

    /** gojsonschema's context path: {@code (root)} alone, or the names below it joined by dots. */
    private static String field(NodePath at) {
        if (at == null || at.getNameCount() == 0) {
            return "(root)";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < at.getNameCount(); i++) {
            sb.append(i == 0 ? "" : ".").append(at.getName(i));
        }
        return sb.toString();
    }

    private static String lastName(NodePath at) {
        return at == null || at.getNameCount() == 0 ? "(root)" : at.getName(at.getNameCount() - 1);
    }

    private static JsonNode keywordValue(Error e, String keyword) {
        JsonNode node = e.getSchemaNode();
        if (node != null && node.isObject() && node.has(keyword)) {
            return node.get(keyword);
        }
        return node;
    }

    private static String expectedTypes(JsonNode rule) {
        if (rule == null) {
            return "";
        }
        if (rule.isArray()) {
            List<String> names = new ArrayList<>();
            rule.forEach(n -> names.add(n.asString()));
            return String.join(",", names);
        }
        return rule.asString();
    }

    private static String listText(JsonNode rule) {
        if (rule == null || !rule.isArray()) {
            return String.valueOf(rule);
        }
        List<String> items = new ArrayList<>();
        rule.forEach(n -> items.add(n.toString()));
        return String.join(", ", items);
    }

    /** gojsonschema's name for a value's type: whole numbers are "integer". */
    private static String jsonType(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        if (n.isNumber()) {
            return n.isIntegralNumber()
                            || (n.isNumber()
                                    && n.decimalValue().stripTrailingZeros().scale() <= 0)
                    ? "integer"
                    : "number";
        }
        return switch (n.getNodeType()) {
            case STRING -> "string";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            case OBJECT -> "object";
            default -> "null";
        };
    }
}
