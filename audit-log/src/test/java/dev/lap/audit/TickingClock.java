package dev.lap.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that starts at a fixed instant and moves one millisecond forward each time it is read. */
final class TickingClock extends Clock {
    private final Instant start;
    private final AtomicLong ticks = new AtomicLong();

    TickingClock(Instant start) {
        this.start = start;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return start.plusMillis(ticks.getAndIncrement());
    }
}
