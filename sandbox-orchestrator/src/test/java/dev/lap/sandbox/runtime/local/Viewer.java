package dev.lap.sandbox.runtime.local;

import dev.lap.sandbox.runtime.Terminal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test's terminal viewer: everything the terminal shows is kept, and a command typed into the
 * sandbox's shell leaves its output and exit code in the workspace, where the host reads them.
 */
final class Viewer implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    record Run(int exit, String out) {}

    final Terminal terminal;
    private final Path workspace;
    private final StringBuffer screen = new StringBuffer();
    private final Thread reader;

    Viewer(Terminal terminal, Path workspace) {
        this.terminal = terminal;
        this.workspace = workspace;
        this.reader = Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = terminal.output().read(buf)) > 0) {
                    screen.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (IOException e) {
                // Detached.
            }
        });
    }

    /** Everything the terminal has shown so far. */
    String screen() {
        return screen.toString();
    }

    void type(String text) throws IOException {
        terminal.input().write(text.getBytes(StandardCharsets.UTF_8));
        terminal.input().flush();
    }

    /** Types {@code command} into the shell and waits for it to finish. */
    Run run(String command) throws Exception {
        int n = SEQ.incrementAndGet();
        String out = ".lap-test/" + n + ".out";
        String rc = ".lap-test/" + n + ".rc";
        type("mkdir -p /workspace/.lap-test; { " + command + " ; } > /workspace/" + out + " 2>&1; echo $? > /workspace/"
                + rc + ".tmp; mv /workspace/" + rc + ".tmp /workspace/" + rc + "\r");
        Path rcFile = workspace.resolve(rc);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!Files.exists(rcFile)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("`" + command + "` did not finish; the terminal shows:\n" + screen());
            }
            Thread.sleep(20);
        }
        return new Run(Integer.parseInt(Files.readString(rcFile).trim()), Files.readString(workspace.resolve(out)));
    }

    /** Waits until the terminal has shown {@code text}. */
    boolean awaitScreen(String text, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!screen().contains(text)) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    @Override
    public void close() {
        terminal.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
