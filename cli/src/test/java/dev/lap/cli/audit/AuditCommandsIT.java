package dev.lap.cli.audit;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.EventJson;
import dev.lap.audit.SampleEvents;
import dev.lap.audit.TestClock;
import dev.lap.audit.chain.SigningKey;
import dev.lap.audit.store.AuditStore;
import dev.lap.audit.store.CheckpointPolicy;
import dev.lap.audit.store.TestDatabase;
import dev.lap.cli.LapRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lap audit …} against a real PostgreSQL holding a chain written by the store. */
class AuditCommandsIT {
    @TempDir
    Path dir;

    private TestDatabase.Db db;
    private AuditStore store;
    private String url;
    private Path publicKey;

    @BeforeEach
    void aChainOf12Records() throws Exception {
        db = TestDatabase.fresh();
        db.migrate();
        Path keyFile = dir.resolve("checkpoint.key");
        var key = SigningKey.loadOrCreate(keyFile);
        publicKey = Path.of(keyFile + ".pub");
        store = new AuditStore(
                db.app(),
                new TestClock(Instant.parse("2026-11-23T10:00:00Z"), Duration.ofSeconds(1)),
                key,
                new CheckpointPolicy(5, Duration.ofHours(1)));
        store.append(SampleEvents.traffic(12)).block();
        // A test database's password; the CLI's own messages never repeat --db.
        url = db.appUrl().replace(TestDatabase.APP + "@", TestDatabase.APP + ":" + db.appPassword() + "@");
    }

    private static List<Long> seqs(String jsonLines) {
        return jsonLines
                .lines()
                .map(l -> Long.parseLong((String) EventJson.parse(l).get("seq")))
                .toList();
    }

    @Test
    void queryPrintsTheRecordsMatchingEveryFilterAsJsonLines() {
        LapRun run = lap("audit", "query", "--db", url, "--session", "s1", "--decision", "deny");

        assertThat(run.exit()).as(run.err()).isZero();
        // Event i (record i + 1) has session s(i % 3) and is a denial when i % 4 == 1.
        assertThat(seqs(run.out())).containsExactly(2L);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void queryPagesWithTheCursorItPrints() {
        LapRun first = lap("audit", "query", "--db", url, "--user", "user0", "--limit", "2");
        assertThat(seqs(first.out())).containsExactly(1L, 4L);
        assertThat(first.err()).isEqualTo("more: --after s4\n");

        LapRun second = lap("audit", "query", "--db", url, "--user", "user0", "--limit", "2", "--after", "s4");
        assertThat(seqs(second.out())).containsExactly(7L, 10L);

        LapRun last = lap("audit", "query", "--db", url, "--user", "user0", "--limit", "2", "--after", "s10");
        assertThat(last.out()).isEmpty();
        assertThat(last.err()).isEmpty();
    }

    @Test
    void queryPrintsCsvWithAHeaderAndATableForPeople() {
        LapRun csv = lap("audit", "query", "--db", url, "--host", "host2.example", "--output", "csv");
        List<String> rows = List.of(csv.out().split("\r\n"));
        assertThat(rows).hasSize(5);
        assertThat(rows.getFirst()).startsWith("\"seq\",\"time\",\"kind\",\"session\",\"user\"");
        assertThat(csv.out()).contains("\"3\",\"2026-11-23T10:00:02.000000Z\",\"decision\"");

        LapRun table = lap("audit", "query", "--db", url, "--request-id", "r3", "--output", "table");
        assertThat(table.out().lines().toList()).hasSize(2);
        assertThat(table.out().lines().toList().get(1))
                .startsWith("4 ")
                .contains("swap")
                .contains("cred1");
    }

    @Test
    void exportThenVerifySaysIntactAndExitsZero() throws Exception {
        Path export = dir.resolve("audit.jsonl");
        LapRun exported = lap("audit", "export", "--db", url, "-o", export.toString());
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.err()).isEqualTo("exported 12 records\n");

        LapRun verified = lap("audit", "verify", export.toString(), "--public-key", publicKey.toString());

        assertThat(verified.exit()).isZero();
        assertThat(verified.out()).isEqualTo("intact: records 1 to 12 (12), 1 checkpoint verified\n");
    }

    @Test
    void verifyNamesARowEditedInTheDatabaseAndExitsOne() throws Exception {
        db.sql("update audit_event set user_name = 'mallory' where seq = 5");
        Path export = dir.resolve("audit.jsonl");
        lap("audit", "export", "--db", url, "-o", export.toString());

        LapRun verified = lap("audit", "verify", export.toString(), "--public-key", publicKey.toString());

        assertThat(verified.exit()).isEqualTo(1);
        assertThat(verified.out()).isEqualTo("edited: record 5: its content does not match its hash\n");
    }

    @Test
    void verifyWithoutAReadableKeyExitsTwo() throws Exception {
        Path export = dir.resolve("audit.jsonl");
        Files.writeString(export, "");

        LapRun run = lap(
                "audit",
                "verify",
                export.toString(),
                "--public-key",
                dir.resolve("none.pub").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("lap audit verify: cannot read the public key ");
    }

    @Test
    void tailPrintsRecordsAppendedAfterItStarted() throws Exception {
        CompletableFuture<LapRun> tail = CompletableFuture.supplyAsync(
                () -> lap("audit", "tail", "--db", url, "--interval", "50ms", "--max", "3"));
        Thread.sleep(500);
        store.append(SampleEvents.traffic(3)).block();

        LapRun run = tail.get(30, TimeUnit.SECONDS);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(seqs(run.out())).containsExactly(13L, 14L, 15L);
    }

    @Test
    void anUnreachableDatabaseExitsTwoWithoutRepeatingTheUrl() {
        LapRun run = lap("audit", "query", "--db", "postgresql://lap_app:not-a-real-password@127.0.0.1:1/nowhere");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("lap audit query: the audit database failed: ")
                .doesNotContain("not-a-real-password");
    }
}
