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
