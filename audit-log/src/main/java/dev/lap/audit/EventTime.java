package dev.lap.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Event times: taken from an injected clock, kept to the microsecond (what PostgreSQL's {@code
 * timestamptz} holds, so a stored time reads back equal), and written in one fixed form, {@code
 * 2026-11-23T10:00:00.123456Z}, which is also the form the hash chain covers.
 */
public final class EventTime {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSX").withZone(ZoneOffset.UTC);

    private EventTime() {}

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static String format(Instant time) {
        return FORMAT.format(time);
    }

    /** Parses any ISO-8601 instant; events written by lap use the fixed form. */
    public static Instant parse(String text) {
        return Instant.parse(text);
    }
}
