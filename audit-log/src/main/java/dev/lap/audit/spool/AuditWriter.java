package dev.lap.audit.spool;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.audit.EventFields;
import dev.lap.audit.EventTime;
import dev.lap.audit.store.AuditStore;
import dev.lap.audit.store.Intake;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sink in front of the store: {@link #record} stamps the event (time from the injected clock,
 * the next position of this writer) and queues it without blocking; {@link #drain} writes what is
 * queued in batches. While the database fails, batches go to the {@link Spool} instead, and every
 * later batch too, so order holds; once the database answers again the spool is replayed first,
 * exactly once ({@link AuditStore#append(String, List)} skips what a writer already wrote).
 *
 * <p>The application runs {@link #drain} on a thread of its own (the library starts none), one at a
 * time. When the queue is full, or neither the database nor the spool can take a batch, {@link
 * #accepting()} turns false: with {@code audit.on-failure: refuse} the caller then refuses new
 * work rather than act unrecorded. An event offered while the queue is full is counted in {@link
 * #rejected()}, never silently lost.
 */
public final class AuditWriter implements AuditSink {
    /**
     * How long one batch may take before it counts as failed and goes to the spool. If it was in
     * fact committed, the replay finds it already written and skips it.
     */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    /** How long after a failed replay the next one is tried. */
    static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

    private final AuditStore store;
    private final Spool spool;
    private final Clock clock;
    private final int batchSize;
    private final String writer = UUID.randomUUID().toString();
    private final AtomicLong positions = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final BlockingQueue<Intake> queue;
    // Taken from the queue but neither in the database nor in the spool; drain thread only.
    private final List<Intake> held = new ArrayList<>();
    private volatile int heldCount;
    private volatile long durableThrough;
    private volatile boolean stuck;
    private volatile boolean spooling;
    // Drain thread only.
    private long nextReplay = System.nanoTime();

    /** What one {@link #drain} did. */
    public enum Drained {
        /** Nothing was queued or spooled. */
        IDLE,
        /** The batch (and any spool before it) is in the database. */
        WRITTEN,
        /** The database failed; the batch is in the spool. */
        SPOOLED,
        /** Neither the database nor the spool took the batch; it is held and retried. */
        STUCK
    }

    public AuditWriter(AuditStore store, Spool spool, Clock clock, int queueCapacity, int batchSize)
            throws IOException {
        this.store = requireNonNull(store, "store");
        this.spool = requireNonNull(spool, "spool");
        this.clock = requireNonNull(clock, "clock");
        if (queueCapacity < 1 || batchSize < 1) {
            throw new IllegalArgumentException("queueCapacity and batchSize must be positive");
        }
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.batchSize = batchSize;
        this.spooling = spool.size() > 0;
    }

    @Override
    public void record(AuditEvent event) {
        // Position and time are taken under the queue's order: a lock keeps them increasing together.
        synchronized (queue) {
            var intake = new Intake(writer, positions.get() + 1, EventTime.now(clock), EventFields.of(event));
            if (queue.offer(intake)) {
                positions.incrementAndGet();
            } else {
                rejected.incrementAndGet();
            }
        }
    }

    /** False when a new event could not be kept: refuse new work if the policy says so. */
    @Override
    public boolean accepting() {
        return !stuck && queue.remainingCapacity() > 0;
    }

    /** Events queued or held, not yet in the database or the spool. */
    public int queueDepth() {
        return queue.size() + heldCount;
    }

    /** Bytes in the spool. */
    public long spoolBytes() throws IOException {
        return spool.size();
    }

    /**
     * The position of this writer's last event that is durable, in the database or in the
     * (fsynced) spool; every event before it is too.
     */
    public long durableThrough() {
        return durableThrough;
    }

    /** Events written to the spool so far (each is replayed into the database once it answers). */
    public long spooled() {
        return spooled.get();
    }

    /** Events offered while the queue was full (they were not recorded). */
    public long rejected() {
        return rejected.get();
    }

    /**
     * Waits up to {@code wait} for events, then writes one batch (replaying the spool first).
     *
     * @throws InterruptedException if interrupted while waiting; nothing is lost
     */
    public Drained drain(Duration wait) throws InterruptedException {
        try {
            return drainOnce(wait);
        } finally {
            heldCount = held.size();
        }
    }

    private Drained drainOnce(Duration wait) throws InterruptedException {
        if (held.isEmpty()) {
            Intake first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
            if (first != null) {
                held.add(first);
            }
        }
        queue.drainTo(held, Math.max(0, batchSize - held.size()));
        if (spooling && !replay()) {
            return held.isEmpty() ? Drained.SPOOLED : toSpool();
        }
        if (held.isEmpty()) {
            return spooling ? Drained.SPOOLED : Drained.IDLE;
        }
        try {
            store.append(writer, List.copyOf(held)).block(WRITE_TIMEOUT);
        } catch (RuntimeException e) {
            return toSpool();
        }
        durableThrough = held.getLast().position();
        held.clear();
        stuck = false;
        return Drained.WRITTEN;
    }

    private Drained toSpool() {
        switch (spool.append(held)) {
            case Spool.Outcome.Appended a -> {
                spooled.addAndGet(held.size());
                durableThrough = held.getLast().position();
                held.clear();
                spooling = true;
                stuck = false;
                return Drained.SPOOLED;
            }
            case Spool.Outcome.Full f -> {
                stuck = true;
                return Drained.STUCK;
            }
            case Spool.Outcome.Failed f -> {
                stuck = true;
                return Drained.STUCK;
            }
        }
    }

    /**
     * Writes the spool to the database in order; true when it is all in and the spool empty. After
     * a failure the next attempt waits {@link #RETRY_PAUSE}: meanwhile batches go straight to the
     * spool instead of each one re-reading it against a database that is still down.
     */
    private boolean replay() {
        if (System.nanoTime() < nextReplay) {
            return false;
        }
        try {
            spool.replay(batchSize, (owner, batch) -> store.append(owner, batch).block(WRITE_TIMEOUT));
            spool.clear();
            spooling = false;
            return true;
        } catch (IOException | RuntimeException e) {
            nextReplay = System.nanoTime() + RETRY_PAUSE.toNanos();
            return false;
        }
    }
}
