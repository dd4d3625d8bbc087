package dev.lap.policy.internal.builtins;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NullValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * JSON in tokens, read as Go's {@code encoding/json} reads it: a repeated member is not an error,
 * and the last occurrence wins (RFC 7519 section 4 allows either rejecting or taking the last; OPA
 * takes the last). {@link dev.lap.policy.value.Json} rejects duplicates, so tokens use this reader.
 */
final class JwtJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JwtJson() {}

    /** The JSON object in {@code text}; {@link IllegalArgumentException} with OPA's wording otherwise. */
    static ObjectValue object(String text) {
        Value v;
        try {
            v = parse(text);
        } catch (JacksonException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid JSON: " + message(e));
        }
        if (!(v instanceof ObjectValue o)) {
            throw new IllegalArgumentException("decoded JSON type was not an Object");
        }
        return o;
    }

    /** Whether {@code text} is one JSON value, as Go's {@code json.Valid}. */
    static boolean valid(String text) {
        try {
            parse(text);
            return true;
        } catch (JacksonException | IllegalStateException | NumberFormatException e) {
            return false;
        }
    }

    private static String message(Exception e) {
        return e instanceof JacksonException j && j.getOriginalMessage() != null
                ? j.getOriginalMessage()
                : String.valueOf(e.getMessage());
    }

    private static Value parse(String text) {
        try (JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new IllegalStateException("unexpected end of JSON input");
            }
            Value v = read(p, first);
            if (p.nextToken() != null) {
                throw new IllegalStateException("unexpected content after the JSON value");
            }
            return v;
        }
    }

    private static Value read(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<Value, Value> members = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    StringValue name = StringValue.of(p.currentName());
                    members.put(name, read(p, p.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new IllegalStateException("unexpected " + next);
                }
                yield ObjectValue.of(members);
            }
            case START_ARRAY -> {
                List<Value> items = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new IllegalStateException("unexpected end of JSON input");
                    }
                    items.add(read(p, next));
                }
                yield ArrayValue.of(items);
            }
            case VALUE_STRING -> StringValue.of(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> NumberValue.parse(p.getString());
            case VALUE_TRUE -> BooleanValue.TRUE;
            case VALUE_FALSE -> BooleanValue.FALSE;
            case VALUE_NULL -> NullValue.NULL;
            default -> throw new IllegalStateException("unexpected " + t);
        };
    }
}
