package dev.lap.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A server closed and started again on the same state directory finds its sessions again. (A
 * closing server ends its WebSockets first, so an attached session is back to ready before the
 * restart.)
 */
class RestartIT {
    @Test
    void aRestartKeepsSessionsTokenAndHistoryAndFailsTheOnesWhoseSandboxIsGone() throws Exception {
        PtyRuntime runtime = new PtyRuntime();
        Path state = Files.createTempDirectory("lap-restart-it");
        String kept;
        String attached;
        String lost;
        String token;
        try (Server first = Server.start(state, runtime, Map.of())) {
            token = first.token;
            kept = first.createShell("kept");
            attached = first.createShell("attached");
            lost = first.createShell("lost");
            Server.Tty tty = first.openTty(attached, first.attachToken(attached));
            first.awaitState(attached, "attached");
            tty.type("echo before''restart\n");
            tty.awaitOutput("beforerestart");
        }
        runtime.lose(lost);

        try (Server second = Server.start(state, runtime, Map.of())) {
            assertThat(second.token).isEqualTo(token);
            assertThat(second.state(kept)).isEqualTo("ready");
            assertThat(second.state(attached)).isEqualTo("ready");
            assertThat(second.state(lost)).isEqualTo("failed");
            assertThat(second.get("/api/v1/sessions/" + lost)
                            .body()
                            .get("reason")
                            .asString())
                    .isEqualTo("the sandbox was gone when lap-server restarted");

            List<String> history = new ArrayList<>();
            second.get("/api/v1/sessions/" + attached + "/events")
                    .body()
                    .get("events")
                    .forEach(e -> history.add(e.get("to").asString()));
            assertThat(history).containsExactly("admitting", "starting", "ready", "attached", "ready");

            Server.Tty again = second.openTty(kept, second.attachToken(kept));
            again.type("echo after''restart\n");
            again.awaitOutput("afterrestart");
            again.close();
            assertThat(second.call("DELETE", "/api/v1/sessions/" + kept, null)
                            .body()
                            .get("state")
                            .asString())
                    .isEqualTo("stopped");
        }
    }
}
