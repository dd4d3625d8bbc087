package dev.lap.audit.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.EventFields;
import dev.lap.audit.TestClock;
import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.ChainVerifier;
import dev.lap.audit.chain.SigningKey;
import dev.lap.audit.chain.Verification;
import dev.lap.audit.store.AuditFilter;
import dev.lap.audit.store.AuditReader;
import dev.lap.audit.store.AuditStore;
import dev.lap.audit.store.CheckpointPolicy;
import dev.lap.audit.store.Intake;
import dev.lap.audit.store.Page;
import dev.lap.audit.store.TestDatabase;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditWriterIT {
    @TempDir
    Path dir;

    private SigningKey key;
    private TestClock clock;

    @BeforeEach
    void keyAndClock() throws Exception {
        key = SigningKey.loadOrCreate(dir.resolve("checkpoint.key"));
        clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"), Duration.ofNanos(1000));
    }

    private AuditStore store(ConnectionFactory connections) {
        return new AuditStore(connections, clock, key, new CheckpointPolicy(100, Duration.ofHours(1)));
    }

    /** Event {@code i} of a load: a limit event whose {@code max} is {@code i}, to check order by. */
    private static AuditEvent event(long i) {
        return new AuditEvent.Limit(
                AuditEvent.Actor.NONE, new AuditEvent.Request("e" + i, null, null, null, 0, null), "load", i);
    }

    private static List<Long> loadOrder(AuditReader reader) {
        var order = new ArrayList<Long>();
        Page.Cursor cursor = Page.Cursor.START;
        while (cursor != null) {
            Page page = reader.page(AuditFilter.ALL, cursor, 1000).block();
            for (ChainRecord r : page.records()) {
                if (r.event() instanceof AuditEvent.Limit l) {
                    order.add(l.max());
                }
            }
            cursor = page.next();
        }
        return order;
    }

    private Verification verify(AuditReader reader) throws Exception {
        Path file = dir.resolve("export.jsonl");
        try (var out = Files.newBufferedWriter(file)) {
            reader.export(out);
        }
        return ChainVerifier.verify(file, key.verifyingKey());
    }

    @Test
    void everyEventArrivesExactlyOnceAndInOrderAcrossADatabaseStopAndRestart() throws Exception {
        int n = 3000;
        try (var server = TestDatabase.dedicated(dir.resolve("pgdata"));
                var spool = Spool.open(dir.resolve("audit.spool"), 64L << 20)) {
            server.db().migrate();
            var writer = new AuditWriter(store(server.db().app()), spool, clock, 10_000, 100);
            var outcomes = ConcurrentHashMap.<AuditWriter.Drained>newKeySet();
            var producing = new AtomicBoolean(true);
            Thread drainer = Thread.ofPlatform().start(() -> {
                try {
                    while (producing.get() || writer.queueDepth() > 0 || writer.spoolBytes() > 0) {
                        outcomes.add(writer.drain(Duration.ofMillis(20)));
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            for (long i = 0; i < n; i++) {
                writer.record(event(i));
                if (i == 1000) {
                    // Some of the load went straight to the database (the first connection can take
                    // seconds on this machine), then the database goes away.
                    awaitOutcome(outcomes, AuditWriter.Drained.WRITTEN);
                    server.stop();
                    org.assertj.core.api.Assertions.assertThatThrownBy(
                                    () -> server.db().as(TestDatabase.APP).close())
                            .as("the database is down")
                            .isInstanceOf(java.sql.SQLException.class);
                }
                if (i == 2000) {
                    // The writer has met the outage before the database comes back.
                    awaitOutcome(outcomes, AuditWriter.Drained.SPOOLED);
                    server.start();
                }
                if (i % 50 == 0) {
                    Thread.sleep(5);
                }
            }
            producing.set(false);
            drainer.join(Duration.ofSeconds(120));

            assertThat(drainer.isAlive()).isFalse();
            assertThat(outcomes).contains(AuditWriter.Drained.SPOOLED, AuditWriter.Drained.WRITTEN);
            assertThat(writer.rejected()).isZero();
            var reader = new AuditReader(server.db().app());
            assertThat(loadOrder(reader))
                    .containsExactlyElementsOf(
                            java.util.stream.LongStream.range(0, n).boxed().toList());
            assertThat(verify(reader)).isInstanceOf(Verification.Intact.class);
        }
    }

    private static void awaitOutcome(java.util.Set<AuditWriter.Drained> outcomes, AuditWriter.Drained wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!outcomes.contains(wanted) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(outcomes).as("the writer's outcomes so far").contains(wanted);
    }

    @Test
    void writingTheSameIntakesAgainAddsNothing() throws Exception {
        var db = TestDatabase.fresh();
        db.migrate();
        var store = store(db.app());
        List<Intake> intakes = java.util.stream.LongStream.rangeClosed(1, 5)
                .mapToObj(i -> new Intake("w1", i, clock.instant(), EventFields.of(event(i))))
                .toList();

        assertThat(store.append("w1", intakes).block()).hasSize(5);
        assertThat(store.append("w1", intakes).block()).isEmpty();
        assertThat(store.append("w1", intakes.subList(3, 5)).block()).isEmpty();
        assertThat(loadOrder(new AuditReader(db.app()))).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void aSpoolLeftByAnEarlierWriterIsReplayedBeforeNewEvents() throws Exception {
        ConnectionFactory nowhere =
                ConnectionFactories.get("r2dbc:postgresql://nobody@127.0.0.1:1/none?connectTimeout=PT2S");
        Path file = dir.resolve("audit.spool");
        try (var spool = Spool.open(file, 1 << 20)) {
            var before = new AuditWriter(store(nowhere), spool, clock, 100, 10);
            for (long i = 0; i < 15; i++) {
                before.record(event(i));
            }
            assertThat(before.drain(Duration.ZERO)).isEqualTo(AuditWriter.Drained.SPOOLED);
            assertThat(before.drain(Duration.ZERO)).isEqualTo(AuditWriter.Drained.SPOOLED);
        }
        var db = TestDatabase.fresh();
        db.migrate();
        try (var spool = Spool.open(file, 1 << 20)) {
            var after = new AuditWriter(store(db.app()), spool, clock, 100, 10);
            for (long i = 15; i < 20; i++) {
                after.record(event(i));
            }

            assertThat(after.drain(Duration.ZERO)).isEqualTo(AuditWriter.Drained.WRITTEN);
            assertThat(spool.size()).isZero();
        }
        assertThat(loadOrder(new AuditReader(db.app())))
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.range(0, 20).boxed().toList());
    }

    @Test
    void whenNeitherTheDatabaseNorTheSpoolTakesEventsTheWriterStopsAccepting() throws Exception {
        ConnectionFactory nowhere =
                ConnectionFactories.get("r2dbc:postgresql://nobody@127.0.0.1:1/none?connectTimeout=PT2S");
        try (var spool = Spool.open(dir.resolve("audit.spool"), 2000)) {
            var writer = new AuditWriter(store(nowhere), spool, clock, 20, 5);
            assertThat(writer.accepting()).isTrue();
            for (long i = 0; i < 20; i++) {
                writer.record(event(i));
            }
            var outcomes = new ArrayList<AuditWriter.Drained>();
            for (int k = 0; k < 4; k++) {
                outcomes.add(writer.drain(Duration.ZERO));
            }

            assertThat(outcomes).contains(AuditWriter.Drained.SPOOLED).endsWith(AuditWriter.Drained.STUCK);
            assertThat(writer.accepting()).isFalse();
            for (long i = 20; i < 40; i++) {
                writer.record(event(i));
            }
            assertThat(writer.rejected()).isPositive();
        }
    }
}
