package dev.lap.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lap.sandbox.runtime.local.LocalRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real local runtime (bubblewrap, tmux, a vault per session): a shell session
 * is created over the API, used over the WebSocket terminal, outlives a restart of lap-server,
 * and is reattached with its shell and history still there.
 */
class LocalSessionE2EIT {
    @Test
    void aShellSessionOutlivesARestartAndIsReattachedWithItsHistory() throws Exception {
        Optional<String> why = LocalRuntime.unusable();
        assumeTrue(why.isEmpty(), () -> "sandboxes cannot run here: " + why.orElse(""));
        Path state = Files.createTempDirectory("lap-e2e");
        String id;
        try (Server first = Server.start(state, Map.of())) {
            var created = first.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"name\":\"e2e\"}");
            assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
            assertThat(created.body().get("runtime").asString()).isEqualTo("local");
            id = created.body().get("id").asString();

            Server.Tty tty = first.openTty(id, first.attachToken(id));
            first.awaitState(id, "attached");
            tty.type("export LAP_MARK=kept''before; echo marked-$LAP_MARK\n");
            tty.awaitOutput("marked-keptbefore");
            tty.close();
            first.awaitState(id, "ready");
        }
        try (Server second = Server.start(state, Map.of())) {
            assertThat(second.state(id)).isEqualTo("ready");
            Server.Tty again = second.openTty(id, second.attachToken(id));
            again.type("echo still-$LAP_MARK; history | grep -c LAP_MARK=\n");
            again.awaitOutput("still-keptbefore");
            again.close();
            var deleted = second.call("DELETE", "/api/v1/sessions/" + id, null);
            assertThat(deleted.body().get("state").asString()).isEqualTo("stopped");
        }
    }
}
