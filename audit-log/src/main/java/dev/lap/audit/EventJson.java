package dev.lap.audit;

import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The JSON form of events, shared by the JSON-lines sink and the export: one object per line,
 * {@code time} and {@code kind} first, then the columns that are present (snake_case, nulls left
 * out, {@code port} as a number), then the kind's facts under {@code detail} with keys sorted.
 * Reading accepts exactly what writing produces plus the chain's fields, which callers take out.
 */
public final class EventJson {
    static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    /** One event as the JSON-lines sink writes it, without the newline. */
    public static String line(Instant time, AuditEvent event) {
        var text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeStringProperty("time", EventTime.format(time));
            writeFields(g, EventFields.of(event));
            g.writeEndObject();
        }
        return text.toString();
    }

    /** A flat JSON object of strings, such as a detail map. */
    public static String object(Map<String, String> members) {
        var text = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            for (Map.Entry<String, String> m : members.entrySet()) {
                g.writeStringProperty(m.getKey(), m.getValue());
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    /** Writes {@code kind}, the columns and {@code detail} into the object {@code g} is in. */
    public static void writeFields(JsonGenerator g, EventFields fields) {
        g.writeStringProperty("kind", fields.kind());
        for (Map.Entry<String, String> c : fields.columns().entrySet()) {
            if (c.getKey().equals("port")) {
                g.writeNumberProperty("port", Integer.parseInt(c.getValue()));
            } else {
                g.writeStringProperty(c.getKey(), c.getValue());
            }
        }
        if (!fields.detail().isEmpty()) {
            g.writeName("detail");
            g.writeStartObject();
            for (Map.Entry<String, String> d : fields.detail().entrySet()) {
                g.writeStringProperty(d.getKey(), d.getValue());
            }
            g.writeEndObject();
        }
    }

    /**
     * Parses one line into its top-level members, each a string (numbers as their text) or, for a
     * nested object, a map of strings.
     *
     * @throws IllegalArgumentException if the line is not such an object
     */
    public static Map<String, Object> parse(String line) {
        try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> members = members(p, true);
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("text after the JSON object");
            }
            return members;
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static Map<String, Object> members(JsonParser p, boolean nest) {
        var out = new LinkedHashMap<String, Object>();
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Object v = switch (value) {
                case VALUE_STRING, VALUE_NUMBER_INT -> p.getString();
                case START_OBJECT -> {
                    if (!nest) {
                        throw new IllegalArgumentException("nested too deep at " + name);
                    }
                    yield members(p, false);
                }
                default -> throw new IllegalArgumentException("unexpected " + value + " at " + name);
            };
            if (out.put(name, v) != null) {
                throw new IllegalArgumentException("duplicate member " + name);
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("unexpected " + t);
        }
        return out;
    }

    /**
     * The event fields among {@code members}, which must hold nothing else once the caller has
     * removed its own (time, and the chain's seq and hashes).
     */
    public static EventFields fields(Map<String, Object> members) {
        var rest = new LinkedHashMap<>(members);
        String kind = string(rest.remove("kind"), "kind");
        Object detail = rest.remove("detail");
        var columns = new LinkedHashMap<String, String>();
        rest.forEach((k, v) -> columns.put(k, string(v, k)));
        var d = new TreeMap<String, String>();
        if (detail != null) {
            if (!(detail instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("detail is not an object");
            }
            m.forEach((k, v) -> d.put((String) k, string(v, "detail." + k)));
        }
        return new EventFields(kind, columns, d);
    }

    /** A member that must be a string (or a number's text). */
    public static String string(@org.jspecify.annotations.Nullable Object value, String name) {
        if (value instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException(value == null ? "missing " + name : name + " is not a string");
    }
}
