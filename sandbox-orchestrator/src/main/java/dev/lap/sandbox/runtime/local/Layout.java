package dev.lap.sandbox.runtime.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where one session's files are, on the host and inside its sandbox. The state directory and
 * every directory in it are private to the server's user; the sandbox sees only {@link #run}
 * (read-only: the vault socket, the CA bundle, its generated scripts), {@link #tmux} (the tmux
 * socket), {@link #home} and {@link #workspace}, never {@link #vault} (the CA key and stubs).
 *
 * <p>The sockets live in directories that are bind-mounted, not bind-mounted themselves: a
 * recovered vault binds a new socket (a new inode), which a file bind would not see.
 */
record Layout(Path stateDir) {
    /** The bridge's address inside every sandbox, the vault's default port. */
    static final String PROXY = "http://127.0.0.1:14322";

    static final String RUN_IN = "/run/lap";
    static final String TMUX_IN = "/run/lap-tmux";
    static final String HOME_IN = "/home/agent";
    static final String WORKSPACE_IN = "/workspace";
    static final String TMUX_SOCKET_IN = TMUX_IN + "/tmux.sock";
    static final String CA_BUNDLE_IN = RUN_IN + "/ca-bundle.pem";
    static final String TRUST_STORE_IN = RUN_IN + "/truststore.p12";

    Layout {
        stateDir = stateDir.toAbsolutePath().normalize();
    }

    /** The vault's state: CA, stubs, their private directory. Never inside a sandbox. */
    Path vault() {
        return stateDir.resolve("vault");
    }

    Path run() {
        return stateDir.resolve("run");
    }

    Path vaultSocket() {
        return run().resolve("vault.sock");
    }

    Path tmux() {
        return stateDir.resolve("tmux");
    }

    Path tmuxSocket() {
        return tmux().resolve("tmux.sock");
    }

    /** Written by the agent's pane as it starts: the sandbox is ready. */
    Path ready() {
        return tmux().resolve("ready");
    }

    Path cloneLog() {
        return tmux().resolve("clone.log");
    }

    Path home() {
        return stateDir.resolve("home");
    }

    Path workspace() {
        return stateDir.resolve("workspace");
    }

    /** The sandbox's init process as the host sees it ({@link SandboxProcess}). */
    Path processRecord() {
        return stateDir.resolve("sandbox.pid");
    }

    /** bubblewrap's own messages, and where its info is written. */
    Path log() {
        return stateDir.resolve("sandbox.log");
    }

    Path info() {
        return stateDir.resolve("sandbox.info");
    }

    /** Creates every directory, owner-only. */
    void create() throws IOException {
        for (Path dir : new Path[] {stateDir, vault(), run(), tmux(), home(), workspace()}) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
