package dev.lap.sandbox.runtime;

import java.time.Instant;
import java.util.List;

/** A running sandbox, as its runtime sees it. */
public interface Sandbox {
    String sessionId();

    /** True while the agent's tmux server (and so the sandbox) is alive. */
    boolean alive();

    /**
     * The last time a terminal sent input or received output, or the sandbox started; the idle
     * TTL counts from here.
     */
    Instant lastActivity();

    /** The limits of the spec this runtime could not enforce here, each with the reason. */
    List<String> unenforcedLimits();

    /**
     * Attaches a new terminal viewer of the agent's tmux session. The viewer first receives the
     * current screen; several viewers may be attached at once. Closing the returned terminal
     * detaches that viewer only.
     */
    Terminal attach(int columns, int rows) throws SandboxException;
}
