package dev.lap.console.config;

import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.SandboxSpec;
import java.time.Duration;
import java.util.Optional;

/**
 * The runtime of a build that has none: every start fails, saying so, and no sandbox is ever
 * found again. The wiring point for the real one is {@link ServerConfig#sandboxRuntime}.
 */
final class NoRuntime implements SandboxRuntime {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public Sandbox start(SandboxSpec spec) throws SandboxException {
        throw new SandboxException("this build of lap-server has no sandbox runtime; build it with runtime.local");
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
