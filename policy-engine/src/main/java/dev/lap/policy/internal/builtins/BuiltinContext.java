package dev.lap.policy.internal.builtins;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a builtin may know about the evaluation it runs in. One per evaluation, used by one thread:
 * {@code time.now_ns} is read from the clock once and then fixed, so every call in an evaluation
 * sees the same instant, as in OPA.
 */
public final class BuiltinContext {
    private final Clock clock;
    private final @Nullable Consumer<String> notes;
    private long nowNanos = Long.MIN_VALUE;
    private Map<Object, Object> cache = Map.of();
    private long deadlineNanos = Long.MAX_VALUE;
    private long maxValueBytes = Long.MAX_VALUE;

    /**
     * The evaluation's own limit, reached inside a builtin. Not a builtin error: non-strict
     * evaluation turns builtin errors into undefined, and a limit must stop the evaluation.
     */
    public static final class LimitReached extends RuntimeException {
        private final boolean time;

        LimitReached(boolean time, String message) {
            super(message, null, false, false);
            this.time = time;
        }

        /** True for the time limit, false for the value budget. */
        public boolean time() {
            return time;
        }
    }

    public BuiltinContext(Clock clock) {
        this(clock, null);
    }

    /** With {@code notes}, {@code trace(note)} hands its note there (the caller's tracer). */
    public BuiltinContext(Clock clock, @Nullable Consumer<String> notes) {
        this.clock = clock;
        this.notes = notes;
    }

    /** Records a {@code trace} note, if anyone is listening. */
    void note(String note) {
        if (notes != null) {
            notes.accept(note);
        }
    }

    /** The evaluation's deadline ({@link System#nanoTime()}) and value budget, for long builtins. */
    public BuiltinContext limits(long deadlineNanos, long maxValueBytes) {
        this.deadlineNanos = deadlineNanos;
        this.maxValueBytes = maxValueBytes;
        return this;
    }

    /**
     * For builtins that loop for as long as their input says ({@code strings.render_template}
     * ranging over a large integer): stops the evaluation once it is past its deadline.
     */
    public void checkpoint() {
        if (System.nanoTime() > deadlineNanos) {
            throw new LimitReached(true, "evaluation exceeded its time limit");
        }
    }

    /** Stops the evaluation when a value a builtin is building exceeds the evaluation's budget. */
    public void checkSize(long bytes) {
        if (bytes > maxValueBytes) {
            throw new LimitReached(
                    false, "a builtin's result exceeded the evaluation's budget of " + maxValueBytes + " bytes");
        }
    }

    public static BuiltinContext system() {
        return new BuiltinContext(Clock.systemUTC());
    }

    /** Nanoseconds since the Unix epoch, the same for the whole evaluation. */
    public long nowNanos() {
        if (nowNanos == Long.MIN_VALUE) {
            java.time.Instant now = clock.instant();
            nowNanos = Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }
        return nowNanos;
    }

    /**
     * A per-evaluation memo, for builtins whose answers must be stable within one evaluation
     * ({@code rand.intn}, {@code uuid.rfc4122}) or are costly to recompute.
     */
    @SuppressWarnings("unchecked")
    public <K, V> V memo(K key, Function<K, V> compute) {
        if (cache.isEmpty()) {
            cache = new HashMap<>();
        }
        return (V) cache.computeIfAbsent(key, k -> compute.apply((K) k));
    }
}
