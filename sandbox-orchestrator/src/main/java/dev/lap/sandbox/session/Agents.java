package dev.lap.sandbox.session;

import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import java.util.List;
import java.util.Optional;

/**
 * The agents sessions may run, by catalog name. The application adapts its catalog to this (the
 * local runtime's, with the model endpoints from configuration).
 */
public interface Agents {
    /** How to launch the agent named {@code name}, or empty when the catalog has no such agent. */
    Optional<AgentLaunch> launch(String name);

    /** The catalog, in the order it is shown. */
    List<Entry> all();

    /**
     * One agent as the API lists it.
     *
     * @param installHint the command that installs the agent's CLI when it is missing; "" if
     *     nothing needs installing
     */
    record Entry(String name, String description, List<String> command, String installHint) {
        public Entry {
            command = List.copyOf(command);
        }
    }
}
