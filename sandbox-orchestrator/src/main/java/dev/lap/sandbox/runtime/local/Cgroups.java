package dev.lap.sandbox.runtime.local;

import dev.lap.sandbox.runtime.SandboxSpec.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Memory and process limits for one sandbox through a cgroup below the server's own: a cgroup v2
 * subtree the server was delegated (systemd {@code Delegate=yes}), else the v1 {@code memory} and
 * {@code pids} hierarchies when they are writable. The sandbox's launcher joins the cgroups before
 * it starts bubblewrap, so everything inside is counted. A limit no hierarchy can take is
 * reported, not failed: {@link Limits#unenforced()}.
 */
final class Cgroups {
    private static final Path ROOT = Path.of("/sys/fs/cgroup");

    /**
     * The cgroups made for one sandbox.
     *
     * @param procs the {@code cgroup.procs} files the launcher writes its pid to
     * @param dirs the cgroup directories, removed once the sandbox has ended
     * @param unenforced each limit that could not be applied, with why
     */
    record Limits(List<Path> procs, List<Path> dirs, List<String> unenforced) {
        Limits {
            procs = List.copyOf(procs);
            dirs = List.copyOf(dirs);
            unenforced = List.copyOf(unenforced);
        }
    }

    private Cgroups() {}

    static Limits apply(String name, ResourceLimits limits) {
        List<Path> procs = new ArrayList<>();
        List<Path> dirs = new ArrayList<>();
        List<String> unenforced = new ArrayList<>();
        limit("memory", "memory.max", "memory.limit_in_bytes", limits.memoryBytes(), name, procs, dirs, unenforced);
        limit("pids", "pids.max", "pids.max", limits.maxProcesses(), name, procs, dirs, unenforced);
        return new Limits(procs, dirs, unenforced);
    }

    /** Removes the sandbox's cgroups; a cgroup that still has processes stays (and is harmless). */
    static void remove(List<Path> dirs) {
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // Still busy or already gone: nothing to undo.
            }
        }
    }

    private static void limit(
            String controller,
            String v2File,
            String v1File,
            long value,
            String name,
            List<Path> procs,
            List<Path> dirs,
            List<String> unenforced) {
        if (value == 0) {
            return;
        }
        Optional<Path> dir = v2(controller).or(() -> v1(controller));
        if (dir.isEmpty()) {
            unenforced.add(controller + " limit " + value + ": no cgroup " + controller
                    + " controller this server may write to (cgroup v2 needs a delegated subtree, e.g."
                    + " a systemd unit with Delegate=yes)");
            return;
        }
        Path group = dir.get().resolve("lap-" + name);
        try {
            Files.createDirectories(group);
            Path file = group.resolve(Files.exists(group.resolve(v2File)) ? v2File : v1File);
            Files.writeString(file, Long.toString(value));
            if (!dirs.contains(group)) {
                dirs.add(group);
                procs.add(group.resolve("cgroup.procs"));
            }
        } catch (IOException | RuntimeException e) {
            unenforced.add(controller + " limit " + value + ": cannot configure " + group + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The server's own v2 cgroup when {@code controller} is enabled for its children. */
    private static Optional<Path> v2(String controller) {
        if (!Files.exists(ROOT.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        return own("").map(p -> ROOT.resolve(p.substring(1))).filter(dir -> {
            try {
                return List.of(Files.readString(dir.resolve("cgroup.subtree_control"))
                                        .trim()
                                        .split(" "))
                                .contains(controller)
                        && Files.isWritable(dir);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The server's own cgroup in the v1 hierarchy of {@code controller}, when writable. */
    private static Optional<Path> v1(String controller) {
        Path mount = ROOT.resolve(controller);
        if (!Files.isDirectory(mount) || Files.exists(ROOT.resolve("cgroup.controllers"))) {
            return Optional.empty();
        }
        return own(controller)
                .map(p -> p.equals("/") ? mount : mount.resolve(p.substring(1)))
                .filter(Files::isWritable);
    }

    /** The server's cgroup path for {@code controller} ("" is the v2 line) from /proc/self/cgroup. */
    private static Optional<String> own(String controller) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
                String[] f = line.split(":", 3);
                if (f.length == 3 && List.of(f[1].split(",")).contains(controller)) {
                    return Optional.of(f[2]);
                }
                if (f.length == 3 && controller.isEmpty() && f[0].equals("0") && f[1].isEmpty()) {
                    return Optional.of(f[2]);
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
