package dev.lap.audit.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When the store signs the chain head: once {@code everyEvents} records have been appended since
 * the last checkpoint, or when an append comes {@code every} or longer after it. Records appended
 * after the last checkpoint can be dropped from the end of the chain unseen, so these bound that
 * window; an application that wants a bound in time while nothing is appended also calls {@link
 * AuditStore#checkpoint()} on its own timer.
 */
public record CheckpointPolicy(int everyEvents, Duration every) {
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(1000, Duration.ofSeconds(10));

    public CheckpointPolicy {
        requireNonNull(every, "every");
        if (everyEvents < 1 || every.isNegative()) {
            throw new IllegalArgumentException("checkpoints need everyEvents >= 1 and a non-negative interval");
        }
    }
}
