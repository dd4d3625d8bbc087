package dev.lap.sandbox.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bubblewrap command lines: the sandbox itself, and the confined tmux client that terminals
 * and the runtime use to talk to the sandbox's tmux server.
 *
 * <p>Nothing of the host is visible but what is listed here. The sandbox's user is mapped to the
 * server's user, so it owns every file the server owns: binding the whole root (or {@code /etc},
 * or a home) read-only would let it read the credentials file, other sessions' CA keys and the
 * admin token. Hence the system directories, a curated {@code /etc}, and the session's own
 * directories only.
 */
final class Bwrap {
    /** The sandbox's user as it sees itself (not root, so agent CLIs run without their root checks). */
    static final String UID = "1000";

    /** Directories of a merged-/usr system: bound when real, recreated when symlinks. */
    private static final List<String> SYSTEM = List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");

    /**
     * What a system needs of {@code /etc}: the dynamic linker's cache, alternatives (many
     * {@code /usr/bin} tools link through them), name service switch, time zone, terminfo, shell
     * start-up files and the public CA certificates. Not {@code /etc/ssl/private}, not the
     * host's passwd, hosts or resolv.conf.
     */
    private static final List<String> ETC = List.of(
            "/etc/alternatives",
            "/etc/ld.so.cache",
            "/etc/ld.so.conf",
            "/etc/ld.so.conf.d",
            "/etc/nsswitch.conf",
            "/etc/localtime",
            "/etc/timezone",
            "/etc/terminfo",
            "/etc/bash.bashrc",
            "/etc/profile",
            "/etc/profile.d",
            "/etc/inputrc",
            "/etc/ssl/certs",
            "/etc/ca-certificates",
            "/etc/os-release",
            "/etc/protocols",
            "/etc/services",
            "/etc/mime.types");

    private Bwrap() {}

    /**
     * The sandbox: every namespace new (user, pid, net, ipc, uts, cgroup), no capabilities, no
     * nested user namespaces, only {@code lo}, a read-only system, a private {@code /tmp}, and
     * the session's directories. Not {@code --die-with-parent}: the sandbox outlives the server.
     * bubblewrap writes its child's pid to fd 3 ({@code --info-fd}).
     */
    static List<String> sandbox(
            String bwrap, Layout layout, String hostname, Map<String, String> env, List<Path> extraReadOnly)
            throws IOException {
        List<String> a = new ArrayList<>(List.of(bwrap));
        isolation(a);
        a.addAll(List.of("--hostname", hostname, "--clearenv"));
        env.forEach((k, v) -> a.addAll(List.of("--setenv", k, v)));
        system(a, extraReadOnly);
        for (String generated : List.of("passwd", "group", "hosts")) {
            a.addAll(List.of("--ro-bind", layout.run().resolve(generated).toString(), "/etc/" + generated));
        }
        a.addAll(List.of(
                "--ro-bind",
                layout.run().toString(),
                Layout.RUN_IN,
                "--bind",
                layout.tmux().toString(),
                Layout.TMUX_IN,
                "--bind",
                layout.home().toString(),
                Layout.HOME_IN,
                "--bind",
                layout.workspace().toString(),
                Layout.WORKSPACE_IN,
                "--chdir",
                Layout.WORKSPACE_IN,
                "--info-fd",
                "3",
                "--",
                "/bin/sh",
                Layout.RUN_IN + "/init.sh"));
        return a;
    }

    /**
     * A tmux client that may be told to run anything: a tmux server can make an attached client
     * execute a command ({@code detach-client -E}), and the server is the sandbox's. So the
     * client gets what the sandbox has, minus the session's files: no network, a read-only
     * system, a private {@code /tmp}, and the tmux socket's directory read-only. It dies with
     * its parent (the runtime, or the terminal's PTY).
     */
    static List<String> tmuxClient(String bwrap, Layout layout, List<String> tmuxArgs) throws IOException {
        List<String> a = new ArrayList<>(List.of(bwrap));
        isolation(a);
        a.addAll(List.of(
                "--die-with-parent",
                "--clearenv",
                "--setenv",
                "TERM",
                "xterm-256color",
                "--setenv",
                "LANG",
                "C.UTF-8",
                "--setenv",
                "PATH",
                "/usr/bin:/bin"));
        system(a, List.of());
        a.addAll(List.of(
                "--ro-bind",
                layout.tmux().toString(),
                Layout.TMUX_IN,
                "--chdir",
                "/",
                "--",
                "tmux",
                "-S",
                Layout.TMUX_SOCKET_IN));
        a.addAll(tmuxArgs);
        return a;
    }

    private static void isolation(List<String> a) {
        a.addAll(List.of(
                "--unshare-all",
                "--unshare-user",
                "--disable-userns",
                "--cap-drop",
                "ALL",
                "--uid",
                UID,
                "--gid",
                UID));
    }

    /** The read-only system, a private /proc, a minimal /dev and a private /tmp. */
    private static void system(List<String> a, List<Path> extraReadOnly) throws IOException {
        a.addAll(List.of("--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        for (String dir : SYSTEM) {
            Path p = Path.of(dir);
            if (Files.isSymbolicLink(p)) {
                a.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                a.addAll(List.of("--ro-bind", dir, dir));
            }
        }
        for (String path : ETC) {
            a.addAll(List.of("--ro-bind-try", path, path));
        }
        for (Path extra : extraReadOnly) {
            a.addAll(List.of("--ro-bind", extra.toString(), extra.toString()));
        }
    }
}
