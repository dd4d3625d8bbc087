package dev.lap.vault.credentials;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The credentials in force, replaced whole while the vault runs. Readers take one snapshot with
 * {@link #get()} and keep it for a whole exchange, so a request is never judged with one set and
 * swapped with another. Replacements are serialised; readers never wait.
 */
public final class LiveCredentials implements Supplier<Credentials> {
    /** How long a rotated-out value stays in the response scrubber unless configured otherwise. */
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);

    private final AtomicReference<Credentials> current;
    private final Path privateDir;
    private final Clock clock;
    private final Duration grace;
    private final SecureRandom random;

    public LiveCredentials(Credentials initial, Path privateDir, Clock clock, Duration grace, SecureRandom random) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
        this.privateDir = Objects.requireNonNull(privateDir, "privateDir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.grace = Objects.requireNonNull(grace, "grace");
        this.random = Objects.requireNonNull(random, "random");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative");
        }
    }

    /** The snapshot in force now. */
    @Override
    public Credentials get() {
        return current.get();
    }

    /**
     * Puts {@code next} in force when {@link Credentials#rotate} accepts it; on {@link
     * Rotation.Refused} or {@link Rotation.Unchanged} the snapshot in force stays.
     */
    public synchronized Rotation replace(List<Credential> next) {
        Rotation r = current.get().rotate(next, privateDir, clock.instant(), grace, random);
        if (r instanceof Rotation.Applied applied) {
            current.set(applied.credentials());
        }
        return r;
    }

    /**
     * Holds a value captured from a response to {@code host} as the credential {@code id}
     * ({@link Credentials#capture}); the snapshot holding it is in force for every exchange that
     * starts afterwards.
     */
    public synchronized CaptureResult capture(String id, String host, Placement placement, String from, String value) {
        CaptureResult r =
                current.get().capture(id, host, placement, from, value, privateDir, clock.instant(), grace, random);
        if (r instanceof CaptureResult.Kept kept && !kept.unchanged()) {
            current.set(kept.credentials());
        }
        return r;
    }

    /** Drops retired values whose grace period has ended; true if any did. */
    public synchronized boolean expire() {
        Credentials now = current.get();
        Credentials kept = now.expire(clock.instant());
        current.set(kept);
        return kept != now;
    }
}
