package dev.lap.sandbox.runtime;

import java.time.Duration;
import java.util.Optional;

/**
 * Where sandboxes run. Implementations: {@code runtime.local} (bubblewrap on this machine).
 *
 * <p>A sandbox's life is not tied to the server process: after a restart the session layer calls
 * {@link #recover} for every session it still believes running, and the runtime either finds
 * the sandbox (and brings back its egress route with the same CA and stubs) or reports it gone.
 */
public interface SandboxRuntime extends AutoCloseable {
    /** The runtime's name as sessions record it ({@code local}). */
    String name();

    /**
     * Starts a sandbox and returns when its agent is running. On failure nothing is left behind
     * (no process, no listening socket) and the exception says what went wrong without quoting a
     * secret.
     */
    Sandbox start(SandboxSpec spec) throws SandboxException;

    /** Finds a sandbox started before this server process, or empty if it is gone. */
    Optional<Sandbox> recover(SandboxSpec spec) throws SandboxException;

    /**
     * Stops the sandbox: its agent gets {@code grace} to end, then everything in it is killed and
     * its egress route closed. Stopping a sandbox that is already gone is not an error. The
     * state directory is kept (the session layer decides when to delete it).
     */
    void stop(Sandbox sandbox, Duration grace) throws SandboxException;

    /** Releases the runtime's own resources; running sandboxes keep running. */
    @Override
    void close();
}
