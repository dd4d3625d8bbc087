package dev.lap.audit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.EventFields;
import dev.lap.audit.SampleEvents;
import dev.lap.audit.TestClock;
import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.ChainVerifier;
import dev.lap.audit.chain.SigningKey;
import dev.lap.audit.chain.Verification;
import dev.lap.audit.chain.Verification.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditStoreIT {
    @TempDir
    Path dir;

    private TestDatabase.Db db;
    private SigningKey key;
    private TestClock clock;
    private AuditStore store;
    private AuditReader reader;

    @BeforeEach
    void freshDatabaseMigratedAsTheOwner() throws Exception {
        db = TestDatabase.fresh();
        db.migrate();
        key = SigningKey.loadOrCreate(dir.resolve("checkpoint.key"));
        clock = new TestClock(Instant.parse("2026-11-23T10:00:00Z"), Duration.ofNanos(1000));
        store = new AuditStore(db.app(), clock, key, new CheckpointPolicy(10, Duration.ofHours(1)));
        reader = new AuditReader(db.app());
    }

    private List<ChainRecord> appendInBatchesOf5(List<AuditEvent> events) {
        var out = new ArrayList<ChainRecord>();
        for (int i = 0; i < events.size(); i += 5) {
            out.addAll(store.append(events.subList(i, Math.min(events.size(), i + 5)))
                    .block());
        }
        return out;
    }

    private Verification exportAndVerify() throws Exception {
        Path file = dir.resolve("export.jsonl");
        try (var out = Files.newBufferedWriter(file)) {
            reader.export(out);
        }
        return ChainVerifier.verify(file, key.verifyingKey());
    }

    @Test
    void appendedEventsAreChainedCheckpointedReadBackEqualAndTheirExportIsIntact() throws Exception {
        List<AuditEvent> events = SampleEvents.traffic(25);
        List<ChainRecord> written = appendInBatchesOf5(events);

        assertThat(written)
                .extracting(ChainRecord::seq)
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 25).boxed().toList());
        Page all = reader.page(AuditFilter.ALL, Page.Cursor.START, 100).block();
        assertThat(all.records()).isEqualTo(written);
        assertThat(all.records()).extracting(ChainRecord::event).containsExactlyElementsOf(events);
        // Checkpoints: the first append (none before), then each append 10 or more records on.
        assertThat(reader.checkpoints(0, 25).block()).extracting(c -> c.seq()).containsExactly(5L, 15L, 25L);
        assertThat(exportAndVerify()).isEqualTo(new Verification.Intact(25, 1, 25, 3, 0));
    }

    @Test
    void everyKindAProducerWritesIsStoredReadBackEqualAndItsExportVerifies() throws Exception {
        // Retention is written by the store alone; every other kind, the credential change included.
        List<AuditEvent> events = SampleEvents.everyKind().stream()
                .filter(e -> !(e instanceof AuditEvent.Retention))
                .toList();
        store.append(events).block();

        Page all = reader.page(AuditFilter.ALL, Page.Cursor.START, 100).block();
        assertThat(all.records()).extracting(ChainRecord::event).containsExactlyElementsOf(events);
        assertThat(exportAndVerify()).isInstanceOf(Verification.Intact.class);
    }

    @Test
    void aCheckpointIsSignedWhenAnAppendComesTheIntervalAfterTheLastOneOrWhenAsked() {
        var everyMinute = new AuditStore(db.app(), clock, key, new CheckpointPolicy(1000, Duration.ofMinutes(1)));
        everyMinute.append(SampleEvents.traffic(1)).block();
        everyMinute.append(SampleEvents.traffic(1)).block();
        clock.set(Instant.parse("2026-11-23T10:02:00Z"));
        everyMinute.append(SampleEvents.traffic(1)).block();
        everyMinute.append(SampleEvents.traffic(1)).block();

        assertThat(everyMinute.checkpoint().block())
                .hasValueSatisfying(c -> assertThat(c.seq()).isEqualTo(4));
        assertThat(everyMinute.checkpoint().block()).isEmpty();
        assertThat(reader.checkpoints(0, 10).block()).extracting(c -> c.seq()).containsExactly(1L, 3L, 4L);
    }

    @Test
    void theRuntimeRoleHasNoUpdateDeleteOrTruncateAndTheTriggerRefusesTheOwner() throws Exception {
        appendInBatchesOf5(SampleEvents.traffic(5));
        for (String sql : List.of(
                "update audit_event set host = 'x' where seq = 1",
                "delete from audit_event where seq = 1",
                "truncate audit_event",
                "update audit_checkpoint set seq = 9",
                "delete from audit_checkpoint")) {
            try (Connection app = db.as(TestDatabase.APP)) {
                assertThatThrownBy(() -> app.createStatement().execute(sql))
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
            }
            try (Connection owner = db.as(TestDatabase.OWNER)) {
                assertThatThrownBy(() -> owner.createStatement().execute(sql))
                        .as(sql)
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("append-only");
            }
        }
        try (Connection owner = db.as(TestDatabase.OWNER)) {
            owner.createStatement().execute("set lap.audit_retention = on");
            assertThatThrownBy(() -> owner.createStatement().execute("delete from audit_event where seq = 1"))
                    .as("the retention flag outside audit_retain")
                    .hasMessageContaining("append-only");
        }
        assertThat(exportAndVerify()).isInstanceOf(Verification.Intact.class);
    }

    @Test
    void verifyNamesARowASuperuserEdited() throws Exception {
        appendInBatchesOf5(SampleEvents.traffic(30));
        db.sql("update audit_event set host = 'evil.example' where seq = 12");

        assertThat(exportAndVerify())
                .isEqualTo(new Verification.Tampered(Finding.EDITED, 12, "its content does not match its hash"));
    }

    @Test
    void verifyNamesARowASuperuserDeleted() throws Exception {
        appendInBatchesOf5(SampleEvents.traffic(30));
        db.sql("delete from audit_event where seq = 12");

        assertThat(exportAndVerify())
                .isInstanceOfSatisfying(
                        Verification.Tampered.class,
                        t -> assertThat(List.of(t.finding(), t.seq())).containsExactly(Finding.DELETED, 12L));
    }

    @Test
    void verifyNamesARowASuperuserInsertedAndRenumberedAround() throws Exception {
        List<ChainRecord> written = appendInBatchesOf5(SampleEvents.traffic(30));
        db.sql(
                "update audit_event set seq = seq + 1000000 where seq >= 12",
                "update audit_event set seq = seq - 999999 where seq >= 1000000");
        ChainRecord forged = ChainRecord.link(
                12,
                written.get(11).time(),
                EventFields.of(SampleEvents.traffic(1).getFirst()),
                written.get(10).hash());
        insertAsSuperuser(forged);

        assertThat(exportAndVerify())
                .isInstanceOfSatisfying(
                        Verification.Tampered.class,
                        t -> assertThat(List.of(t.finding(), t.seq())).containsExactly(Finding.INSERTED, 12L));
    }

    @Test
    void verifyNamesRowsASuperuserReordered() throws Exception {
        appendInBatchesOf5(SampleEvents.traffic(30));
        db.sql(
                "update audit_event set seq = 1000012 where seq = 12",
                "update audit_event set seq = 12 where seq = 13",
                "update audit_event set seq = 13 where seq = 1000012");

        assertThat(exportAndVerify())
                .isInstanceOfSatisfying(
                        Verification.Tampered.class,
                        t -> assertThat(List.of(t.finding(), t.seq())).containsExactly(Finding.REORDERED, 12L));
    }

    @Test
    void retentionRemovesWholeOldDaysAndTheChainStillVerifiesFromTheRetentionEvent() throws Exception {
        clock.set(Instant.parse("2026-11-01T23:59:00Z"));
        store.append(SampleEvents.traffic(4)).block();
        clock.set(Instant.parse("2026-11-02T00:00:01Z"));
        store.append(SampleEvents.traffic(3)).block();
        clock.set(Instant.parse("2026-11-03T12:00:00Z"));
        store.append(SampleEvents.traffic(2)).block();

        // Keep 2 days on the 3rd: the 2nd and the 3rd stay, the 1st goes, whole.
        ChainRecord retention = store.retain(2).block();

        assertThat(retention.seq()).isEqualTo(10);
        assertThat(retention.event())
                .isEqualTo(new AuditEvent.Retention(
                        java.time.LocalDate.parse("2026-11-02"),
                        4,
                        4,
                        reader.page(AuditFilter.ALL, Page.Cursor.START, 10)
                                .block()
                                .records()
                                .getFirst()
                                .prevHash()));
        assertThat(reader.page(AuditFilter.ALL, Page.Cursor.START, 100).block().records())
                .extracting(ChainRecord::seq)
                .containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(exportAndVerify()).isEqualTo(new Verification.Intact(6, 5, 10, 2, 0));
        assertThat(store.retain(2).blockOptional()).isEmpty();
    }

    @Test
    void deletingTheOldestRowsWithoutRetentionIsNamed() throws Exception {
        appendInBatchesOf5(SampleEvents.traffic(10));
        db.sql("delete from audit_event where seq <= 3", "delete from audit_checkpoint where seq <= 5");

        assertThat(exportAndVerify())
                .isInstanceOfSatisfying(
                        Verification.Tampered.class,
                        t -> assertThat(List.of(t.finding(), t.seq())).containsExactly(Finding.DELETED, 3L));
    }

    @Test
    void everyFilterSelectsTheMatchingRecordsAndCursorsPageThroughThem() {
        List<ChainRecord> written = appendInBatchesOf5(SampleEvents.traffic(30));
        // Event i is record i + 1; SampleEvents.traffic says which values event i has.
        record Case(AuditFilter filter, java.util.function.IntPredicate event) {}
        var cases = List.of(
                new Case(AuditFilter.builder().session("s1").build(), i -> i % 3 == 1),
                new Case(AuditFilter.builder().user("user2").build(), i -> i % 3 == 2),
                new Case(AuditFilter.builder().agent("agent0").build(), i -> i % 3 == 0),
                new Case(AuditFilter.builder().host("host1.example").build(), i -> i % 3 == 1),
                new Case(AuditFilter.builder().credential("cred1").build(), i -> i % 4 == 3),
                new Case(AuditFilter.builder().decision(AuditEvent.Verdict.DENY).build(), i -> i % 4 == 1),
                new Case(AuditFilter.builder().rule("rule0").build(), i -> i % 4 != 3 && i % 2 == 0),
                new Case(AuditFilter.builder().policyRevision("rev1").build(), i -> i % 4 == 1),
                new Case(AuditFilter.builder().requestId("r7").build(), i -> i == 7),
                new Case(
                        AuditFilter.builder()
                                .from(written.get(10).time())
                                .to(written.get(20).time())
                                .build(),
                        i -> i >= 10 && i < 20),
                new Case(
                        AuditFilter.builder()
                                .session("s1")
                                .decision(AuditEvent.Verdict.DENY)
                                .build(),
                        i -> i % 3 == 1 && i % 4 == 1));
        for (Case c : cases) {
            List<Long> expected = java.util.stream.IntStream.range(0, 30)
                    .filter(c.event())
                    .mapToObj(i -> i + 1L)
                    .toList();
            assertThat(expected).as(c.filter().toString()).isNotEmpty();
            var seen = new ArrayList<Long>();
            Page.Cursor cursor = Page.Cursor.START;
            int pages = 0;
            while (cursor != null) {
                Page page = reader.page(c.filter(), cursor, 3).block();
                page.records().forEach(r -> seen.add(r.seq()));
                cursor = page.next();
                pages++;
            }
            assertThat(seen).as(c.filter().toString()).containsExactlyElementsOf(expected);
            assertThat(pages).as(c.filter().toString()).isEqualTo(expected.size() / 3 + 1);
        }
    }

    private void insertAsSuperuser(ChainRecord r) throws SQLException {
        try (Connection c = db.superuser()) {
            c.createStatement().execute("set session_replication_role = replica");
            var columns = new ArrayList<String>(List.of("seq", "time", "kind"));
            columns.addAll(Rows.sqlColumns());
            columns.addAll(List.of("detail", "prev_hash", "hash"));
            String marks = String.join(", ", columns.stream().map(x -> "?").toList());
            try (PreparedStatement s = c.prepareStatement("insert into audit_event (" + String.join(", ", columns)
                    + ") values (" + marks.replaceFirst("\\?, \\?", "?, ?::timestamptz") + ")")) {
                int i = 1;
                s.setLong(i++, r.seq());
                s.setString(i++, r.time().toString());
                s.setString(i++, r.fields().kind());
                for (String name : EventFields.COLUMNS) {
                    String v = r.fields().column(name);
                    if (name.equals("port")) {
                        s.setObject(i++, v == null ? null : Integer.valueOf(v), java.sql.Types.INTEGER);
                    } else {
                        s.setString(i++, v);
                    }
                }
                var detail = new org.postgresql.util.PGobject();
                detail.setType("jsonb");
                detail.setValue(dev.lap.audit.EventJson.object(r.fields().detail()));
                s.setObject(i++, detail);
                s.setBytes(i++, java.util.HexFormat.of().parseHex(r.prevHash()));
                s.setBytes(i, java.util.HexFormat.of().parseHex(r.hash()));
                s.executeUpdate();
            }
        }
    }
}
