package dev.lap.sandbox.runtime.local;

import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.Terminal;
import dev.lap.vault.Vault;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/** A bubblewrap sandbox on this machine and the vault that is its only way out. */
final class LocalSandbox implements Sandbox {
    private final String sessionId;
    private final Layout layout;
    private final SandboxProcess process;
    private final Vault vault;
    private final Tmux tmux;
    private final List<Path> cgroups;
    private final List<String> unenforced;
    private final Clock clock;
    private final AtomicReference<Instant> lastActivity;

    LocalSandbox(
            String sessionId,
            Layout layout,
            SandboxProcess process,
            Vault vault,
            Tmux tmux,
            List<Path> cgroups,
            List<String> unenforced,
            Clock clock) {
        this.sessionId = sessionId;
        this.layout = layout;
        this.process = process;
        this.vault = vault;
        this.tmux = tmux;
        this.cgroups = List.copyOf(cgroups);
        this.unenforced = List.copyOf(unenforced);
        this.clock = clock;
        this.lastActivity = new AtomicReference<>(clock.instant());
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public boolean alive() {
        return process.running() && tmux.listening();
    }

    @Override
    public Instant lastActivity() {
        return lastActivity.get();
    }

    @Override
    public List<String> unenforcedLimits() {
        return unenforced;
    }

    @Override
    public Terminal attach(int columns, int rows) throws SandboxException {
        if (!alive()) {
            throw new SandboxException("session " + sessionId + " has no running sandbox to attach to");
        }
        try {
            return PtyTerminal.attach(tmux.attachCommand(), columns, rows, this::touch);
        } catch (IOException e) {
            throw new SandboxException("cannot build the terminal client for session " + sessionId, e);
        }
    }

    private void touch() {
        lastActivity.set(clock.instant());
    }

    Layout layout() {
        return layout;
    }

    SandboxProcess process() {
        return process;
    }

    Vault vault() {
        return vault;
    }

    Tmux tmux() {
        return tmux;
    }

    List<Path> cgroups() {
        return cgroups;
    }
}
