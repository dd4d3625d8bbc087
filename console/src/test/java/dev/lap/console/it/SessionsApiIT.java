package dev.lap.console.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The API of a real lap-server on a real (embedded) PostgreSQL, with the PTY runtime double. */
class SessionsApiIT {
    static final PtyRuntime runtime = new PtyRuntime();
    static Server server;

    @BeforeAll
    static void start() throws Exception {
        server = Server.start(Files.createTempDirectory("lap-api-it"), runtime, Map.of());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aRequestWithoutATokenIsRefusedWith401Problem() throws Exception {
        var r = server.call("GET", "/api/v1/sessions", null, null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(r.body().get("type").asString()).isEqualTo("urn:lap:problem:unauthorized");
        assertThat(r.body().get("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void aWrongTokenIsRefusedWith401AndNeverEchoed() throws Exception {
        String wrong = "lap_" + "x".repeat(43);
        var r = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\"}", "Bearer " + wrong);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.raw().body()).doesNotContain(wrong);
        var basic = server.call("GET", "/api/v1/agents", null, "Basic " + server.token);
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.raw().body()).doesNotContain(server.token);
    }

    @Test
    void theAdminTokenFileIsReadableByItsOwnerOnlyAndTheDatabaseKeepsOnlyAHash() throws Exception {
        Path file = Path.of(server.context.getEnvironment().getProperty("lap.state-dir"))
                .resolve("admin-token");
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try (Connection c = server.context.getBean(DataSource.class).getConnection();
                ResultSet r = c.createStatement().executeQuery("select * from lap_api_token")) {
            while (r.next()) {
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    assertThat(String.valueOf(r.getObject(i))).doesNotContain(server.token);
                }
                assertThat(new String(r.getBytes("token_sha256"), java.nio.charset.StandardCharsets.ISO_8859_1))
                        .doesNotContain(server.token);
            }
        }
    }

    @Test
    void healthAndReadinessNeedNoToken() throws Exception {
        assertThat(server.call("GET", "/healthz", null, null).status()).isEqualTo(200);
        var ready = server.call("GET", "/readyz", null, null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("database").asString()).isEqualTo("ok");
        assertThat(ready.body().get("policies").asString()).isEqualTo("ok");
    }

    @Test
    void aSessionIsCreatedListedReadAndDeletedThroughItsStates() throws Exception {
        var created = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"name\":\"crud\",\"ttl\":\"2h\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode s = created.body();
        String id = s.get("id").asString();
        assertThat(created.raw().headers().firstValue("Location")).contains("/api/v1/sessions/" + id);
        assertThat(s.get("state").asString()).isEqualTo("ready");
        assertThat(s.get("name").asString()).isEqualTo("crud");
        assertThat(s.get("agent").asString()).isEqualTo("shell");
        assertThat(s.get("user").asString()).isEqualTo("admin");
        assertThat(s.get("credentials").toString()).isEqualTo("[\"github\"]");
        assertThat(java.time.Duration.between(
                        java.time.Instant.parse(s.get("created_at").asString()),
                        java.time.Instant.parse(s.get("expires_at").asString())))
                .isEqualTo(java.time.Duration.ofHours(2));
        assertThat(runtime.spec(id)).hasValueSatisfying(spec -> {
            assertThat(spec.grantedCredentials()).containsExactly("github");
            assertThat(spec.session().user()).isEqualTo("admin");
        });

        List<String> listed = new ArrayList<>();
        server.get("/api/v1/sessions")
                .body()
                .get("sessions")
                .forEach(n -> listed.add(n.get("id").asString()));
        assertThat(listed).contains(id);
        assertThat(server.get("/api/v1/sessions/" + id).body().get("state").asString())
                .isEqualTo("ready");

        var deleted = server.call("DELETE", "/api/v1/sessions/" + id, null);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.body().get("state").asString()).isEqualTo("stopped");
        assertThat(deleted.body().get("reason").asString()).isEqualTo("deleted by admin");
        assertThat(runtime.spec(id)).isEmpty();

        List<String> history = new ArrayList<>();
        server.get("/api/v1/sessions/" + id + "/events")
                .body()
                .get("events")
                .forEach(e -> history.add(e.get("to").asString()));
        assertThat(history).containsExactly("admitting", "starting", "ready", "stopping", "stopped");
        assertThat(auditedTransitions(id)).containsExactly("admitting", "starting", "ready", "stopping", "stopped");
    }

    @Test
    void admissionRefusesWhatPolicyRefusesWith403AndThePolicysReason() throws Exception {
        var r = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"ttl\":\"48h\"}");
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.body().get("detail").asString())
                .contains("a TTL of 48h exceeds the maximum of 24h; ask for 24h or less");
        assertThat(r.body().get("rule").asString()).isEqualTo("ttl");
        String id = r.body().get("session_id").asString();
        var refused = server.get("/api/v1/sessions/" + id).body();
        assertThat(refused.get("state").asString()).isEqualTo("failed");
        assertThat(refused.get("reason").asString()).startsWith("admission refused: a TTL of 48h");
        assertThat(runtime.spec(id)).isEmpty();
        assertThat(auditedTransitions(id)).containsExactly("admitting", "failed");
    }

    @Test
    void aMalformedRequestIsA400ThatSaysWhatToSend() throws Exception {
        var unknown = server.call("POST", "/api/v1/sessions", "{\"agent\":\"nethack\"}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.body().get("detail").asString())
                .contains("not in the catalog")
                .contains("shell");
        var ttl = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"ttl\":\"forever\"}");
        assertThat(ttl.status()).isEqualTo(400);
        assertThat(ttl.body().get("detail").asString()).contains("e.g. 8h");
        var notJson = server.call("POST", "/api/v1/sessions", "{agent");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.contentType()).startsWith("application/problem+json");
        var missing = server.get("/api/v1/sessions/s-nope");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("detail").asString()).contains("GET /api/v1/sessions");
    }

    @Test
    void aSandboxThatDoesNotStartFailsTheSessionWithTheRuntimesReason() throws Exception {
        runtime.failStarts = true;
        try {
            var r = server.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\"}");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.body().get("detail").asString()).contains("the test double was told to fail");
            String id = r.body().get("session_id").asString();
            assertThat(server.state(id)).isEqualTo("failed");
        } finally {
            runtime.failStarts = false;
        }
    }

    @Test
    void theTerminalCarriesKeystrokesAndOutputAndResizes() throws Exception {
        String id = server.createShell("tty");
        Server.Tty tty = server.openTty(id, server.attachToken(id));
        server.awaitState(id, "attached");
        tty.type("echo round''trip\n");
        tty.awaitOutput("roundtrip");
        tty.text("{\"type\":\"resize\",\"cols\":101,\"rows\":33}");
        tty.type("stty size\n");
        tty.awaitOutput("33 101");
        tty.close();
        server.awaitState(id, "ready");
        server.call("DELETE", "/api/v1/sessions/" + id, null);
    }

    @Test
    void severalViewersMayAttachAndTheSessionStaysAttachedUntilTheLastLeaves() throws Exception {
        String id = server.createShell("viewers");
        Server.Tty one = server.openTty(id, server.attachToken(id));
        Server.Tty two = server.openTty(id, server.attachToken(id));
        server.awaitState(id, "attached");
        two.type("echo second''viewer\n");
        two.awaitOutput("secondviewer");
        one.close();
        one.closed.join();
        assertThat(server.state(id)).isEqualTo("attached");
        two.close();
        server.awaitState(id, "ready");
        server.call("DELETE", "/api/v1/sessions/" + id, null);
    }

    @Test
    void anAttachTokenOpensOneTerminalOnceAndOnlyForItsSession() throws Exception {
        String id = server.createShell("tokens");
        String other = server.createShell("other");
        String token = server.attachToken(id);
        Server.Tty first = server.openTty(id, token);
        first.type("echo o''k\n");
        first.awaitOutput("ok");
        assertThat(upgradeStatus(id, token)).isEqualTo(401); // used
        assertThat(upgradeStatus(other, server.attachToken(id))).isEqualTo(401); // another session's
        assertThat(upgradeStatus(id, "att_forged")).isEqualTo(401);
        var noToken = server.call("GET", "/api/v1/sessions/" + id + "/tty", null, null);
        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.body().get("detail").asString()).contains("/attach");
        var anonymousAttach = server.call("POST", "/api/v1/sessions/" + id + "/attach", null, null);
        assertThat(anonymousAttach.status()).isEqualTo(401);
        first.close();
        server.call("DELETE", "/api/v1/sessions/" + id, null);
        server.call("DELETE", "/api/v1/sessions/" + other, null);
        var stopped = server.call("POST", "/api/v1/sessions/" + id + "/attach", null);
        assertThat(stopped.status()).isEqualTo(409);
    }

    @Test
    void theOpenApiDocumentDescribesEveryRoute() throws Exception {
        JsonNode doc = server.get("/api/v1/openapi.json").body();
        assertThat(doc.get("openapi").asString()).startsWith("3.");
        Set<String> described = new HashSet<>();
        Set<String> methods = Set.of("get", "put", "post", "delete", "patch", "head", "options");
        doc.get("paths")
                .properties()
                .forEach(p -> p.getValue().properties().forEach(m -> {
                    if (methods.contains(m.getKey())) {
                        described.add(m.getKey().toUpperCase(java.util.Locale.ROOT) + " " + p.getKey());
                    }
                }));
        Set<String> served = new HashSet<>();
        RequestMappingHandlerMapping mapping = server.context.getBean(RequestMappingHandlerMapping.class);
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    served.add(method.name() + " " + pattern.getPatternString());
                }
            }
        }
        served.add("GET /api/v1/sessions/{id}/tty");
        assertThat(described).containsExactlyInAnyOrderElementsOf(served);
    }

    private static int upgradeStatus(String id, String token) {
        try {
            HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(
                            URI.create(
                                    "ws://127.0.0.1:" + server.port + "/api/v1/sessions/" + id + "/tty?token=" + token),
                            new WebSocket.Listener() {})
                    .join()
                    .abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    static List<String> auditedTransitions(String sessionId) throws Exception {
        return auditedTransitions(server, sessionId);
    }

    static List<String> auditedTransitions(Server server, String sessionId) throws Exception {
        // The audit log writes through its own queue: poll until the last event of the history is in.
        int expected = server.get("/api/v1/sessions/" + sessionId + "/events")
                .body()
                .get("events")
                .size();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (true) {
            List<String> out = new ArrayList<>();
            try (Connection c = server.context.getBean(DataSource.class).getConnection();
                    PreparedStatement p = c.prepareStatement(
                            "select detail->>'to' from audit_event where kind = 'session' and session = ? order by seq")) {
                p.setString(1, sessionId);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString(1));
                    }
                }
            }
            if (out.size() >= expected || System.nanoTime() > deadline) {
                return out;
            }
            Thread.sleep(100);
        }
    }
}
