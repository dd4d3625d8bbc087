package dev.lap.console.api.agents;

import dev.lap.sandbox.session.Agents;
import dev.lap.sandbox.session.Sessions;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/agents}: the catalog a session's {@code agent} names one of. */
@RestController
class AgentsApi {
    private final Sessions sessions;

    AgentsApi(Sessions sessions) {
        this.sessions = sessions;
    }

    record AgentList(List<Agents.Entry> agents) {}

    @GetMapping("/api/v1/agents")
    AgentList list() {
        return new AgentList(sessions.agents().all());
    }
}
