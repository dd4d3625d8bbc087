package dev.lap.console.config;

import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import dev.lap.sandbox.session.Agents;
import java.util.List;
import java.util.Map;

/**
 * The catalog until the runtime's own is wired: the one agent that needs nothing installed and no
 * model endpoint, a login shell.
 */
final class BuiltinAgents implements Agents {
    private static final Entry SHELL = new Entry("shell", "a login shell (bash)", List.of("bash", "-l"), "");

    @Override
    public AgentLaunch launch(String name) throws SandboxException {
        if (!name.equals(SHELL.name())) {
            throw new SandboxException("agent " + name + " is not in this server's catalog");
        }
        return new AgentLaunch(SHELL.name(), SHELL.command(), Map.of(), Map.of());
    }

    @Override
    public List<Entry> all() {
        return List.of(SHELL);
    }
}
