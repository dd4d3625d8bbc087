package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 1 GiB upload and a 1 GiB download through the vault, while the test JVM (vault included) runs
 * with a 512 MiB heap (egress-vault's failsafe configuration): the bodies can only pass if the
 * vault streams them.
 */
class VaultStreamingIT {
    static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    static Path dir;

    static VaultHarness h;

    @BeforeAll
    static void start() throws Exception {
        h = new VaultHarness(dir, Path.of("src/test/resources/policies/permissive"), "credentials: []\n", List.of());
    }

    @AfterAll
    static void stop() {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void theHeapIsSmallerThanTheBodies() {
        assertThat(Runtime.getRuntime().maxMemory()).isLessThan(GIB);
    }

    @Test
    void aOneGibUploadStreamsThroughTheVault() throws Exception {
        Client.assumeInstalled("curl");
        Path script = dir.resolve("upload.sh");
        Files.writeString(
                script,
                "head -c " + GIB + " /dev/zero | curl -sS --fail-with-body -T - "
                        + "https://api.github.com/stream/sink\n");
        var run = h.client("CURL_CA_BUNDLE").run("bash", script.toString());
        assertThat(run.exit()).as(run.all()).isZero();
        // SHA-256 of 1 GiB of zero bytes.
        assertThat(run.out())
                .contains("\"bytes\":" + GIB)
                .contains("49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14");
    }

    @Test
    void aOneGibDownloadStreamsThroughTheVault() throws Exception {
        Client.assumeInstalled("curl");
        var run = h.client("CURL_CA_BUNDLE")
                .run(
                        "curl",
                        "-sS",
                        "--fail-with-body",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{size_download}",
                        "https://api.github.com/stream/source?bytes=" + GIB);
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).isEqualTo(Long.toString(GIB));
    }
}
