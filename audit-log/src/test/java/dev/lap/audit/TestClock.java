package dev.lap.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test sets; every read moves it forward by {@code step}, so the times it hands out are
 * distinct and increasing.
 */
public final class TestClock extends Clock {
    private final Duration step;
    private Instant next;

    public TestClock(Instant start, Duration step) {
        this.next = start;
        this.step = step;
    }

    public synchronized void set(Instant value) {
        next = value;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Audit times are UTC; nothing under test asks for another zone, and a copy would not
        // share this clock's steps.
        if (zone.equals(ZoneOffset.UTC)) {
            return this;
        }
        throw new IllegalArgumentException("the test clock is UTC only, not " + zone);
    }

    @Override
    public synchronized Instant instant() {
        Instant now = next;
        next = next.plus(step);
        return now;
    }
}
