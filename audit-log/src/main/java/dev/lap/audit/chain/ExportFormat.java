package dev.lap.audit.chain;

import dev.lap.audit.EventJson;
import dev.lap.audit.EventTime;
import java.io.StringWriter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The export: JSON lines, each either a chain record, {@code {"seq":…,"time":…,"kind":…, columns,
 * "detail":{…},"prev_hash":…,"hash":…}}, or a checkpoint, {@code {"checkpoint":{"seq":…,"hash":…,
 * "time":…,"key_id":…,"signature":<base64>}}}. Records come in seq order; checkpoints follow the
 * record they sign.
 */
public final class ExportFormat {
    private static final JsonFactory JSON = new JsonFactory();

    private ExportFormat() {}

    /** What one line of an export holds. */
    public sealed interface Line {
        int number();

        record Record(int number, ChainRecord record) implements Line {}

        record Signed(int number, Checkpoint checkpoint) implements Line {}

        /** A line that is neither; an export written by lap has none, so this means it was altered. */
        record Malformed(int number, String why) implements Line {}
    }

    public static String line(ChainRecord r) {
        var text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeNumberProperty("seq", r.seq());
            g.writeStringProperty("time", EventTime.format(r.time()));
            EventJson.writeFields(g, r.fields());
            g.writeStringProperty("prev_hash", r.prevHash());
            g.writeStringProperty("hash", r.hash());
            g.writeEndObject();
        }
        return text.toString();
    }

    public static String line(Checkpoint c) {
        var text = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeName("checkpoint");
            g.writeStartObject();
            g.writeNumberProperty("seq", c.seq());
            g.writeStringProperty("hash", c.hash());
            g.writeStringProperty("time", EventTime.format(c.time()));
            g.writeStringProperty("key_id", c.keyId());
            g.writeStringProperty("signature", Base64.getEncoder().encodeToString(c.signature()));
            g.writeEndObject();
            g.writeEndObject();
        }
        return text.toString();
    }

    /** Parses line {@code number} (from 1) of an export; never throws. */
    public static Line parse(int number, String text) {
        try {
            Map<String, Object> members = new LinkedHashMap<>(EventJson.parse(text));
            if (members.containsKey("checkpoint")) {
                if (members.size() != 1 || !(members.get("checkpoint") instanceof Map<?, ?> m)) {
                    return new Line.Malformed(number, "a checkpoint line holds only the checkpoint");
                }
                var c = new LinkedHashMap<String, Object>();
                m.forEach((k, v) -> c.put((String) k, v));
                var checkpoint = new Checkpoint(
                        Long.parseLong(EventJson.string(c.remove("seq"), "seq")),
                        EventJson.string(c.remove("hash"), "hash"),
                        EventTime.parse(EventJson.string(c.remove("time"), "time")),
                        EventJson.string(c.remove("key_id"), "key_id"),
                        Base64.getDecoder().decode(EventJson.string(c.remove("signature"), "signature")));
                if (!c.isEmpty()) {
                    return new Line.Malformed(number, "unknown checkpoint members " + c.keySet());
                }
                return new Line.Signed(number, checkpoint);
            }
            long seq = Long.parseLong(EventJson.string(members.remove("seq"), "seq"));
            var time = EventTime.parse(EventJson.string(members.remove("time"), "time"));
            String prev = EventJson.string(members.remove("prev_hash"), "prev_hash");
            String hash = EventJson.string(members.remove("hash"), "hash");
            return new Line.Record(number, new ChainRecord(seq, time, EventJson.fields(members), prev, hash));
        } catch (RuntimeException e) {
            return new Line.Malformed(number, String.valueOf(e.getMessage()));
        }
    }
}
