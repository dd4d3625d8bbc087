package dev.lap.sandbox.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox's init (pid 1 of its pid namespace) as the host sees it, with its start time so a
 * recycled pid is never mistaken for it. Killing it ends every process in the sandbox: the kernel
 * kills a pid namespace with its init.
 */
record SandboxProcess(long pid, Instant started) {
    private static final Pattern CHILD_PID = Pattern.compile("\"child-pid\"\\s*:\\s*(\\d+)");

    /** The child pid bubblewrap wrote with {@code --info-fd}, once it is complete. */
    static Optional<SandboxProcess> fromInfo(Path info) {
        try {
            Matcher m = CHILD_PID.matcher(Files.readString(info));
            if (!m.find()) {
                return Optional.empty();
            }
            return of(Long.parseLong(m.group(1)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static Optional<SandboxProcess> of(long pid) {
        return ProcessHandle.of(pid)
                .flatMap(h -> h.info().startInstant())
                .map(started -> new SandboxProcess(pid, started));
    }

    static Optional<SandboxProcess> read(Path file) {
        try {
            String[] f = Files.readString(file).trim().split(" ");
            return Optional.of(new SandboxProcess(Long.parseLong(f[0]), Instant.parse(f[1])));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void write(Path file) throws IOException {
        Files.writeString(file, pid + " " + started + "\n");
    }

    /** This very process (same pid, same start) is still running. */
    boolean running() {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .flatMap(h -> h.info().startInstant())
                .filter(started::equals)
                .isPresent();
    }

    /** SIGKILL, only if it is still this process. */
    void kill() {
        if (running()) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }
}
