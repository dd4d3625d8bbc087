package dev.lap.audit.store;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.EventFields;
import java.time.Instant;

/**
 * An event as a writer took it in: the writer's id, its position in that writer's stream (from 1,
 * no gaps), the time it was recorded, and its fields. The store chains intakes in position order
 * and remembers each writer's last position, so writing the same intake twice adds it once.
 */
public record Intake(String writer, long position, Instant time, EventFields fields) {
    public Intake {
        requireNonNull(writer, "writer");
        requireNonNull(time, "time");
        requireNonNull(fields, "fields");
        if (position < 1) {
            throw new IllegalArgumentException("positions start at 1");
        }
    }
}
