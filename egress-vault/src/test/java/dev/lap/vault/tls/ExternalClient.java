package dev.lap.vault.tls;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real TLS client (openssl, curl, gnutls-cli, git) under {@code env -i}: the machine's
 * environment points CA variables at the system bundle, and a test must see only the CA it gives.
 */
final class ExternalClient {
    record Result(int exitCode, String stdout, String stderr, List<String> command) {
        String output() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + "\nexit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n"
                    + stderr;
        }
    }

    private ExternalClient() {}

    static boolean installed(String binary) {
        return Files.isExecutable(Path.of("/usr/bin", binary)) || Files.isExecutable(Path.of("/bin", binary));
    }

    static Result run(Path home, Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("env", "-i", "PATH=/usr/bin:/bin", "HOME=" + home));
        environment.forEach((name, value) -> full.add(name + "=" + value));
        full.addAll(List.of(command));
        Path stdout = Files.createTempFile(home, "stdout", ".txt");
        Path stderr = Files.createTempFile(home, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(full)
                .directory(home.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        Duration timeout = Duration.ofSeconds(20);
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", full) + " did not finish within " + timeout);
        }
        return new Result(process.exitValue(), read(stdout), read(stderr), full);
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
