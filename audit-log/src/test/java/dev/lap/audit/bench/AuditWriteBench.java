package dev.lap.audit.bench;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.chain.ChainVerifier;
import dev.lap.audit.chain.SigningKey;
import dev.lap.audit.chain.Verification;
import dev.lap.audit.spool.AuditWriter;
import dev.lap.audit.spool.Spool;
import dev.lap.audit.store.AuditFilter;
import dev.lap.audit.store.AuditReader;
import dev.lap.audit.store.AuditStore;
import dev.lap.audit.store.CheckpointPolicy;
import dev.lap.audit.store.Page;
import dev.lap.audit.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Events per second into PostgreSQL through {@link AuditWriter} (hashing, checkpoint signing,
 * batching), and the time from {@code record()} to durable (in the database or the fsynced spool),
 * on an embedded PostgreSQL of its own. Not a test: it prints figures for docs/benchmarks.md.
 *
 * <pre>
 * ./mvnw -q -pl audit-log test-compile exec:exec@bench -Dbench.args="-seconds 20 -rate 5000 -restart"
 * </pre>
 *
 * {@code -rate 0} offers events as fast as the writer accepts them (the sustained maximum);
 * {@code -restart} stops the database a third of the way in and starts it again at half way,
 * and the run then checks that every event arrived once and in order.
 */
public final class AuditWriteBench {
    private AuditWriteBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = 20;
        int rate = 5000;
        int batch = 500;
        boolean restart = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-seconds" -> seconds = Integer.parseInt(args[++i]);
                case "-rate" -> rate = Integer.parseInt(args[++i]);
                case "-batch" -> batch = Integer.parseInt(args[++i]);
                case "-restart" -> restart = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path dir = Files.createTempDirectory("lap-audit-bench");
        try (var server = TestDatabase.dedicated(dir.resolve("pgdata"));
                var spool = Spool.open(dir.resolve("audit.spool"), 1L << 30)) {
            server.db().migrate();
            var key = SigningKey.loadOrCreate(dir.resolve("checkpoint.key"));
            var store = new AuditStore(
                    server.db().app(), Clock.systemUTC(), key, new CheckpointPolicy(1000, Duration.ofSeconds(10)));
            warmUp(store, dir.resolve("warm-up.spool"), batch);
            var writer = new AuditWriter(store, spool, Clock.systemUTC(), 200_000, batch);
            run(server, writer, seconds, rate, restart);
            var reader = new AuditReader(server.db().app());
            check(reader, writer.durableThrough());
            Path export = dir.resolve("export.jsonl");
            try (var out = Files.newBufferedWriter(export)) {
                reader.export(out);
            }
            Verification v = ChainVerifier.verify(export, key.verifyingKey());
            System.out.println("verify: " + v.describe());
        }
    }

    /**
     * 5,000 events through a writer of their own before measuring: the JVM's first R2DBC
     * connection alone takes seconds (class loading, the event loop), which is start-up, not
     * steady state.
     */
    private static void warmUp(AuditStore store, Path spoolFile, int batch) throws Exception {
        try (var spool = Spool.open(spoolFile, 1L << 30)) {
            var writer = new AuditWriter(store, spool, Clock.systemUTC(), 10_000, batch);
            for (long i = 0; i < 5000; i++) {
                writer.record(new AuditEvent.Limit(AuditEvent.Actor.NONE, AuditEvent.Request.NONE, "warm-up", i));
            }
            while (writer.durableThrough() < 5000 || writer.spoolBytes() > 0) {
                writer.drain(Duration.ofMillis(5));
            }
        }
    }

    private static void run(TestDatabase.Dedicated server, AuditWriter writer, int seconds, int rate, boolean restart)
            throws Exception {
        int capacity = (rate == 0 ? 200_000 : rate) * (seconds + 5);
        long[] recordedAt = new long[capacity + 1];
        long[] durableAfter = new long[capacity + 1];
        var producing = new AtomicBoolean(true);
        Thread drainer = Thread.ofPlatform().name("drain").start(() -> {
            long seen = 0;
            try {
                while (producing.get() || writer.queueDepth() > 0 || writer.spoolBytes() > 0) {
                    writer.drain(Duration.ofMillis(5));
                    long durable = writer.durableThrough();
                    long now = System.nanoTime();
                    for (long p = seen + 1; p <= durable; p++) {
                        durableAfter[(int) p] = now - recordedAt[(int) p];
                    }
                    seen = durable;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        long stopAt = start + (end - start) / 3;
        long startAt = start + (end - start) / 2;
        boolean stopped = false;
        boolean restarted = false;
        long n = 0;
        while (System.nanoTime() < end && n < capacity) {
            if (restart && !stopped && System.nanoTime() > stopAt) {
                server.stop();
                stopped = true;
            }
            if (restart && stopped && !restarted && System.nanoTime() > startAt) {
                server.start();
                restarted = true;
            }
            if (rate > 0) {
                long due = start + (long) (n * 1e9 / rate);
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
            if (!writer.accepting()) {
                Thread.sleep(1);
                continue;
            }
            recordedAt[(int) (n + 1)] = System.nanoTime();
            writer.record(new AuditEvent.Limit(
                    AuditEvent.Actor.NONE,
                    new AuditEvent.Request("e" + n, null, "GET", "bench.example", 443, "/"),
                    "bench",
                    n));
            n++;
        }
        long produced = System.nanoTime();
        producing.set(false);
        drainer.join();
        long drained = System.nanoTime();
        long[] latencies = Arrays.copyOfRange(durableAfter, 1, (int) n + 1);
        Arrays.sort(latencies);
        System.out.printf(
                "events: %d recorded (%d rejected) in %.1f s, all durable after %.1f s: %.0f events/s%n",
                n, writer.rejected(), (produced - start) / 1e9, (drained - start) / 1e9, n / ((drained - start) / 1e9));
        System.out.printf(
                "record() to durable: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                latencies[latencies.length / 2] / 1e6,
                latencies[(int) (latencies.length * 0.99)] / 1e6,
                latencies[latencies.length - 1] / 1e6);
    }

    /** Every event once, in the order recorded: event i is a limit event whose max is i. */
    private static void check(AuditReader reader, long expected) {
        long next = 0;
        Page.Cursor cursor = Page.Cursor.START;
        while (cursor != null) {
            Page page = reader.page(AuditFilter.ALL, cursor, 10_000).block();
            for (var r : page.records()) {
                if (r.event() instanceof AuditEvent.Limit l && l.limit().equals("bench")) {
                    if (l.max() == null || l.max() != next) {
                        throw new IllegalStateException("expected event " + next + ", found " + l.max());
                    }
                    next++;
                }
            }
            cursor = page.next();
        }
        if (next != expected) {
            throw new IllegalStateException(next + " events in the database, " + expected + " recorded");
        }
        System.out.println("check: " + next + " events in the database, each once, in order");
    }
}
