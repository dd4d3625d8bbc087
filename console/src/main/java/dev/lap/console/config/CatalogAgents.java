package dev.lap.console.config;

import dev.lap.sandbox.agent.AgentCatalog;
import dev.lap.sandbox.agent.AgentInfo;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxSpec.AgentLaunch;
import dev.lap.sandbox.session.Agents;
import java.util.List;

/** The runtime's agent catalog, as sessions and the API see it. */
final class CatalogAgents implements Agents {
    private final AgentCatalog catalog;

    CatalogAgents(AgentCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public AgentLaunch launch(String name) throws SandboxException {
        return catalog.launch(name);
    }

    @Override
    public List<Entry> all() {
        return catalog.list().stream()
                .map((AgentInfo a) -> new Entry(a.name(), a.description(), a.installed(), a.installCommand()))
                .toList();
    }
}
