package dev.lap.console.config;

import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.SandboxSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The runtime of a machine where the local one cannot run: every start fails, saying why (what to
 * install), and no sandbox is ever found again.
 */
final class NoRuntime implements SandboxRuntime {
    private final String why;

    NoRuntime(String why) {
        this.why = why;
    }

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Sandbox start(SandboxSpec spec) throws SandboxException {
        throw new SandboxException("no sandbox runtime on this machine: " + why);
    }

    @Override
    public Optional<Sandbox> recover(SandboxSpec spec) {
        return Optional.empty();
    }

    @Override
    public void stop(Sandbox sandbox, Duration grace) {}

    @Override
    public void close() {}
}
