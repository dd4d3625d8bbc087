package dev.lap.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.Fingerprint;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code SIGHUP} re-reads the credentials: with the poll switched off, a real signal sent to this
 * JVM is the only way the rewritten value file can be noticed.
 */
class VaultMainHangupIT {
    private static final String OLD = "ghp_Zq9Xw2Lk8Vb3Nm4Rt7Yu1Io5Pa6Sd0Fg2HjK";
    private static final String NEW = "ghp_Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk1LlM";

    @TempDir
    Path dir;

    @Test
    void aHangupRereadsTheValueFileAndAuditsTheRotation() throws Exception {
        Files.writeString(dir.resolve("token"), OLD + "\n");
        Files.writeString(dir.resolve("credentials.yaml"), """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: token}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);
        List<AuditEvent> audit = new CopyOnWriteArrayList<>();
        VaultConfig config = VaultConfig.builder(Path.of("src/test/resources/policies/echo"), dir.resolve("state"))
                .credentials(dir.resolve("credentials.yaml"))
                .listen(new java.net.InetSocketAddress("127.0.0.1", 0))
                .policyReloadSeconds(0)
                .build();
        try (Vault vault = Vault.start(config, audit::add, OpenTelemetry.noop())) {
            VaultMain.onHangup(vault);
            Path temp = Files.writeString(dir.resolve("token.new"), NEW + "\n");
            Files.move(temp, dir.resolve("token"), StandardCopyOption.ATOMIC_MOVE);

            Process kill = new ProcessBuilder(
                            "kill",
                            "-HUP",
                            Long.toString(ProcessHandle.current().pid()))
                    .inheritIO()
                    .start();
            assertThat(kill.waitFor()).isZero();

            Instant deadline = Instant.now().plus(Duration.ofSeconds(60)); // patience on a loaded machine, not a timing
            while (audit.stream().noneMatch(AuditEvent.CredentialChange.class::isInstance)
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertThat(audit)
                    .filteredOn(AuditEvent.CredentialChange.class::isInstance)
                    .containsExactly(new AuditEvent.CredentialChange(
                            AuditEvent.CredentialChangeKind.ROTATED,
                            "github",
                            Fingerprint.of(OLD),
                            Fingerprint.of(NEW),
                            null));
        }
    }
}
