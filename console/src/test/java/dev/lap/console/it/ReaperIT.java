package dev.lap.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The reaper, on a server whose policy gives sessions a one-second idle TTL. */
class ReaperIT {
    static final PtyRuntime runtime = new PtyRuntime();
    static Server server;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createTempDirectory("lap-reaper-it");
        Path policies = Files.createDirectories(root.resolve("policies"));
        try (Stream<Path> shipped = Files.list(Server.POLICIES)) {
            for (Path f : shipped.filter(Files::isRegularFile).toList()) {
                Files.copy(f, policies.resolve(f.getFileName()));
            }
        }
        // data.lap.sandbox.config, merged over sandbox.rego's defaults.
        Path config = Files.createDirectories(policies.resolve("lap/sandbox/config"));
        Files.writeString(config.resolve("data.yaml"), "idle_ttl: 1\n");
        server = Server.start(
                root.resolve("state"),
                runtime,
                Map.of("lap.policy-dir", policies.toString(), "lap.sessions.reap-interval", "200ms"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIdleSessionIsReapedAfterItsIdleTtl() throws Exception {
        String id = server.createShell("idle");
        assertThat(server.get("/api/v1/sessions/" + id).body().get("idle_ttl").asString())
                .isEqualTo("1s");
        server.awaitState(id, "stopped");
        assertThat(server.get("/api/v1/sessions/" + id).body().get("reason").asString())
                .isEqualTo("idle for 1s (its idle TTL)");
        assertThat(runtime.spec(id)).isEmpty();
        assertThat(SessionsApiIT.auditedTransitions(server, id))
                .containsExactly("admitting", "starting", "ready", "stopping", "stopped");
    }

    @Test
    void aSessionIsReapedWhenItsAbsoluteTtlEnds() throws Exception {
        var r = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"ttl\":\"1s\"}");
        assertThat(r.status()).isEqualTo(201);
        String id = r.body().get("id").asString();
        server.awaitState(id, "stopped");
        assertThat(server.get("/api/v1/sessions/" + id).body().get("reason").asString())
                .startsWith("its TTL ended at ");
    }

    @Test
    void aSessionWhoseAgentExitedIsStopped() throws Exception {
        String id = server.createShell("exits");
        runtime.exit(id);
        server.awaitState(id, "stopped");
        assertThat(server.get("/api/v1/sessions/" + id).body().get("reason").asString())
                .isEqualTo("the agent exited");
    }
}
