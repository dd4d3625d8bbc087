package dev.lap.console.config;

import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import dev.lap.sandbox.session.Agents;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog until the runtime's own is wired: the one agent that needs nothing installed and no
 * model endpoint, a login shell.
 */
final class BuiltinAgents implements Agents {
    private static final Entry SHELL = new Entry("shell", "a login shell (bash)", List.of("bash", "-l"), "");

    @Override
    public Optional<AgentLaunch> launch(String name) {
        return name.equals(SHELL.name())
                ? Optional.of(new AgentLaunch(SHELL.name(), SHELL.command(), Map.of(), Map.of()))
                : Optional.empty();
    }

    @Override
    public List<Entry> all() {
        return List.of(SHELL);
    }
}
