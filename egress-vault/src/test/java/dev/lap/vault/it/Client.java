package dev.lap.vault.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client as {@code env -i} would: the environment holds only PATH, HOME and the
 * variables the test names. The ambient environment of these machines points every CA variable
 * at the system bundle, which would hide a missing trust setting.
 */
record Client(Path home, Map<String, String> env) {
    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static void assumeInstalled(String program) {
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin", program)),
                program + " is not installed; .ci/run installs it (apt-get install " + program + ")");
    }

    Client with(String name, String value) {
        var m = new LinkedHashMap<>(env);
        m.put(name, value);
        return new Client(home, m);
    }

    Run run(String... command) throws IOException, InterruptedException {
        return run(null, command);
    }

    Run run(Path dir, String... command) throws IOException, InterruptedException {
        var pb = new ProcessBuilder(List.of(command));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("HOME", home.toString());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().putAll(env);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Path out = Files.createTempFile(home, "out", ".txt");
        Path err = Files.createTempFile(home, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out after 60 s: " + String.join(" ", command) + "\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(
                p.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
