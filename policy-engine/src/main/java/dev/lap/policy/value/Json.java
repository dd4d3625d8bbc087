package dev.lap.policy.value;

import java.io.Reader;
import java.io.StringReader;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;

/** Reads JSON into values and writes values as JSON (sets become arrays, as in OPA). */
public final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    public static Value parse(String json) {
        return read(FACTORY, new StringReader(json));
    }

    public static Value read(Reader reader) {
        return read(FACTORY, reader);
    }

    /** Reads one document from a streaming JSON or YAML factory, rejecting trailing content. */
    static Value read(TokenStreamFactory factory, Reader reader) {
        try (JsonParser p = factory.createParser(ObjectReadContext.empty(), reader)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new DocumentException("empty document", 1, 1);
            }
            Value v = readValue(p, first);
            if (p.nextToken() != null) {
                TokenStreamLocation at = p.currentLocation();
                throw new DocumentException(
                        "unexpected content after the document", (int) at.getLineNr(), (int) at.getColumnNr());
            }
            return v;
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            String message = e.getOriginalMessage();
            throw new DocumentException(
                    message == null ? e.getClass().getSimpleName() : message,
                    at == null ? 0 : Math.max(0, at.getLineNr()),
                    at == null ? 0 : Math.max(0, at.getColumnNr()));
        }
    }

    private static Value readValue(JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                ObjectValue.Builder b = ObjectValue.builder();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String name = p.currentName();
                    b.put(StringValue.of(name), readValue(p, p.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw unexpected(p, next);
                }
                yield b.build();
            }
            case START_ARRAY -> {
                java.util.ArrayList<Value> items = new java.util.ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw unexpected(p, null);
                    }
                    items.add(readValue(p, next));
                }
                yield ArrayValue.of(items);
            }
            case VALUE_STRING -> StringValue.of(p.getString());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> number(p);
            case VALUE_TRUE -> BooleanValue.TRUE;
            case VALUE_FALSE -> BooleanValue.FALSE;
            case VALUE_NULL -> NullValue.NULL;
            default -> throw unexpected(p, t);
        };
    }

    private static Value number(JsonParser p) {
        String text = p.getString();
        try {
            return NumberValue.parse(text);
        } catch (NumberFormatException e) {
            // YAML spells some floats in ways BigDecimal does not read (".5", "1e3" is fine).
            double d = p.getDoubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                TokenStreamLocation at = p.currentLocation();
                throw new DocumentException(
                        "number " + text + " has no JSON representation", (int) at.getLineNr(), (int) at.getColumnNr());
            }
            return NumberValue.of(d);
        }
    }

    private static DocumentException unexpected(JsonParser p, JsonToken t) {
        TokenStreamLocation at = p.currentLocation();
        return new DocumentException(
                t == null ? "unexpected end of document" : "unexpected " + t, (int) at.getLineNr(), (int)
                        at.getColumnNr());
    }

    /** Compact JSON, keys in OPA's order; sets as arrays; non-string keys as their JSON text. */
    public static String write(Value v) {
        StringBuilder sb = new StringBuilder();
        write(v, sb);
        return sb.toString();
    }

    public static void write(Value v, StringBuilder sb) {
        switch (v) {
            case NullValue n -> sb.append("null");
            case BooleanValue b -> sb.append(b.value());
            case NumberValue n -> sb.append(n);
            case StringValue s -> quote(s.value(), sb);
            case ArrayValue a -> {
                sb.append('[');
                for (int i = 0; i < a.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(a.get(i), sb);
                }
                sb.append(']');
            }
            case SetValue s -> {
                sb.append('[');
                for (int i = 0; i < s.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(s.get(i), sb);
                }
                sb.append(']');
            }
            case ObjectValue o -> {
                sb.append('{');
                for (int i = 0; i < o.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    Value k = o.keyAt(i);
                    quote(k instanceof StringValue s ? s.value() : write(k), sb);
                    sb.append(':');
                    write(o.valueAt(i), sb);
                }
                sb.append('}');
            }
        }
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2);
        quote(s, sb);
        return sb.toString();
    }

    /** Quotes as Go's encoding/json does, including its escaping of {@code <}, {@code >} and {@code &}. */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '<', '>', '&', '\u2028', '\u2029' -> sb.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
