package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.spool.DurableAuditLog;
import dev.lap.audit.store.TestDatabase;
import dev.lap.vault.VaultConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vault and its audit log: events land in a real PostgreSQL through the same store lap audit
 * reads, with no secret in any row; and while the log can keep nothing, {@code audit.on-failure:
 * refuse} (the default) refuses requests rather than act unrecorded, {@code allow} goes on.
 */
class VaultAuditIT {
    @TempDir
    Path dir;

    @Test
    void aSwappedRequestIsStoredInPostgresWithNoSecretInAnyRow() throws Exception {
        Client.assumeInstalled("curl");
        TestDatabase.Db db = TestDatabase.fresh();
        String owner = db.ownerJdbcUrl() + (db.ownerJdbcUrl().contains("?") ? "&" : "?") + "user=" + TestDatabase.OWNER;
        try (var h = new VaultHarness(
                        dir,
                        Path.of("src/test/resources/policies/permissive"),
                        VaultInvariantsIT.CREDENTIALS.replace("@DIR@/real-body-token", "@DIR@/real-github-token"),
                        List.of());
                var log = DurableAuditLog.open(
                        new DurableAuditLog.Settings(
                                db.appUrl(),
                                db.appPassword(),
                                owner,
                                db.ownerCredentials().getProperty("password"),
                                dir.resolve("state/private/audit-signing.key"),
                                dir.resolve("state/audit.spool"),
                                1 << 20),
                        Clock.systemUTC())) {
            h.alsoTo = log;
            var run = h.client("CURL_CA_BUNDLE")
                    .run(
                            "curl",
                            "-sS",
                            "--fail-with-body",
                            "-H",
                            "Authorization: Bearer " + h.stub("GITHUB_TOKEN"),
                            "https://api.github.com/user");
            assertThat(run.exit()).as(run.all()).isZero();
            log.close(); // writes what is queued
            StringBuilder rows = new StringBuilder();
            List<String> kinds = new java.util.ArrayList<>();
            try (var c = db.superuser();
                    var s = c.createStatement();
                    ResultSet r = s.executeQuery("select * from audit_event order by seq")) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    kinds.add(r.getString("kind"));
                    for (int i = 1; i <= columns; i++) {
                        rows.append(r.getString(i)).append('\t');
                    }
                    rows.append('\n');
                }
            }
            assertThat(kinds).containsExactly("swap", "decision");
            StringBuilder export = new StringBuilder();
            new dev.lap.audit.store.AuditReader(db.app()).export(export);
            assertThat(rows.toString()).contains("api.github.com").doesNotContain(h.realToken);
            assertThat(export.toString()).contains("\"swap\"");
            for (String spelling : EchoingUpstream.spellings(h.realToken).split(" ")) {
                assertThat(rows.toString()).as("rows, spelled %s", spelling).doesNotContain(spelling);
                assertThat(export.toString()).as("export, spelled %s", spelling).doesNotContain(spelling);
            }
        }
    }

    @Test
    void withTheDatabaseUnreachableAndTheSpoolFullTheVaultRefusesRequests() throws Exception {
        Client.assumeInstalled("curl");
        int closedPort;
        try (var probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        Path outageDir = Files.createDirectories(dir.resolve("outage"));
        try (var h = new VaultHarness(
                        outageDir, Path.of("src/test/resources/policies/permissive"), "credentials: []\n", List.of());
                var log = DurableAuditLog.open(
                        new DurableAuditLog.Settings(
                                "postgresql://nobody@127.0.0.1:" + closedPort + "/none",
                                null,
                                null,
                                null,
                                outageDir.resolve("key/audit-signing.key"),
                                outageDir.resolve("audit.spool"),
                                64), // smaller than one event: the spool refuses every batch
                        Clock.systemUTC())) {
            h.alsoTo = log;
            var client = h.client("CURL_CA_BUNDLE");
            client.run("curl", "-sS", "https://registry.npmjs.org/left-pad");
            long end = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (log.accepting() && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertThat(log.accepting())
                    .as("neither the database nor the spool took the batch")
                    .isFalse();
            int seen = h.upstream.seen.size();
            var refused =
                    client.run("curl", "-sS", "-w", "\nstatus=%{http_code}", "https://registry.npmjs.org/left-pad");
            assertThat(refused.out()).contains("audit_unavailable").endsWith("status=503");
            assertThat(h.upstream.seen).hasSize(seen);
        }
    }

    @Test
    void whileTheAuditLogCanKeepNothingRequestsAreRefusedUnlessTheOperatorAllowsIt() throws Exception {
        Client.assumeInstalled("curl");
        Path refuseDir = Files.createDirectories(dir.resolve("refuse"));
        try (var h = new VaultHarness(
                refuseDir, Path.of("src/test/resources/policies/permissive"), "credentials: []\n", List.of())) {
            h.auditAccepting = false;
            var run = h.client("CURL_CA_BUNDLE")
                    .run("curl", "-sS", "-w", "\nstatus=%{http_code}", "https://registry.npmjs.org/left-pad");
            assertThat(run.out()).contains("audit_unavailable").endsWith("status=503");
            assertThat(h.upstream.seen).isEmpty();

            h.auditAccepting = true;
            var again = h.client("CURL_CA_BUNDLE")
                    .run("curl", "-sS", "-w", "\nstatus=%{http_code}", "https://registry.npmjs.org/left-pad");
            assertThat(again.out()).endsWith("status=200");
        }
        Path allowDir = Files.createDirectories(dir.resolve("allow"));
        try (var h = new VaultHarness(
                allowDir,
                Path.of("src/test/resources/policies/permissive"),
                "credentials: []\n",
                List.of(),
                c -> c.toBuilder()
                        .auditOnFailure(VaultConfig.AuditFailure.ALLOW)
                        .build())) {
            h.auditAccepting = false;
            var run = h.client("CURL_CA_BUNDLE")
                    .run("curl", "-sS", "-w", "\nstatus=%{http_code}", "https://registry.npmjs.org/left-pad");
            assertThat(run.out()).endsWith("status=200");
        }
    }
}
