package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditSink;
import dev.lap.vault.Vault;
import dev.lap.vault.VaultConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vault restarted on the same state directory keeps its CA and its stubs, so a running
 * sandbox's trust and environment stay valid; its private key never leaves {@code private/}.
 */
class VaultRestartIT {
    @TempDir
    Path dir;

    private Vault start(Path credentials) throws Exception {
        VaultConfig config = VaultConfig.builder(Path.of("..", "policies"), dir.resolve("state"))
                .credentials(credentials)
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .policyReloadSeconds(0)
                .build();
        return Vault.start(config, AuditSink.discarding(), OpenTelemetry.noop());
    }

    @Test
    void aRestartKeepsTheCaAndTheStubsAndTheKeyStaysPrivate() throws Exception {
        Files.writeString(dir.resolve("real"), "ghp_" + VaultHarness.random(36));
        Path credentials = dir.resolve("credentials.yaml");
        Files.writeString(credentials, """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: "%s"}
                    hosts: [api.github.com]
                    placements: [authorization]
                """.formatted(dir.resolve("real")));

        String ca;
        String stubs;
        try (Vault first = start(credentials)) {
            ca = Files.readString(first.caCertificate());
            stubs = Files.readString(first.stubsEnv());
            assertThat(stubs).startsWith("GITHUB_TOKEN=ghp_");
            assertThat(Files.readString(first.caBundle()))
                    .startsWith(ca.strip())
                    .contains("END CERTIFICATE");
        }
        try (Vault second = start(credentials)) {
            assertThat(Files.readString(second.caCertificate())).isEqualTo(ca);
            assertThat(Files.readString(second.stubsEnv())).isEqualTo(stubs);
        }

        Path privateDir = dir.resolve("state/private");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir.resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        try (var files = Files.list(dir.resolve("state"))) {
            assertThat(files.filter(Files::isRegularFile))
                    .allSatisfy(f -> assertThat(Files.readString(f)).doesNotContain("PRIVATE KEY"));
        }
    }
}
