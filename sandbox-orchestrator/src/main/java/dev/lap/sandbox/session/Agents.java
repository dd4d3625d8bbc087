package dev.lap.sandbox.session;

import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import java.util.List;

/**
 * The agents sessions may run, by catalog name. The application adapts its catalog to this (the
 * local runtime's, with the model endpoints from configuration).
 */
public interface Agents {
    /**
     * How to launch the agent named {@code name}.
     *
     * @throws SandboxException when the catalog has no such agent, or its CLI is missing here (the
     *     message names the command that installs it)
     */
    AgentLaunch launch(String name) throws SandboxException;

    /** True when the catalog lists {@code name} (installed or not). */
    default boolean lists(String name) {
        return all().stream().anyMatch(e -> e.name().equals(name));
    }

    /** The catalog, in the order it is shown. */
    List<Entry> all();

    /**
     * One agent as the API lists it.
     *
     * @param installed whether its CLI is installed on this machine
     * @param installCommand the command that installs the agent's CLI
     */
    record Entry(String name, String description, boolean installed, String installCommand) {}
}
