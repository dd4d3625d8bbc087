package dev.lap.console.it;

import dev.lap.console.LapServer;
import dev.lap.sandbox.runtime.SandboxRuntime;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real lap-server on a random port, on its own embedded PostgreSQL under {@code stateDir}, with
 * a given runtime; talked to with the JDK's HTTP and WebSocket client.
 */
final class Server implements AutoCloseable {
    static final Path POLICIES = Path.of("..", "policies");
    static final JsonMapper JSON = JsonMapper.builder().build();

    final ConfigurableApplicationContext context;
    final int port;
    final String token;
    final HttpClient http = HttpClient.newHttpClient();

    private Server(ConfigurableApplicationContext context) throws IOException {
        this.context = context;
        this.port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        Path stateDir = Path.of(context.getEnvironment().getProperty("lap.state-dir"));
        this.token = Files.readString(stateDir.resolve("admin-token")).strip();
    }

    /** A server with the runtime it wires itself (the local one). */
    static Server start(Path stateDir, Map<String, String> extra) throws IOException {
        return start(stateDir, null, extra);
    }

    static Server start(
            Path stateDir, @org.jspecify.annotations.Nullable SandboxRuntime runtime, Map<String, String> extra)
            throws IOException {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("lap.state-dir", stateDir.toString());
        properties.put("lap.policy-dir", POLICIES.toAbsolutePath().toString());
        properties.put("lap.sessions.stop-grace", "0s");
        properties.putAll(extra);
        List<String> args = new ArrayList<>();
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        SpringApplicationBuilder app = new SpringApplicationBuilder(LapServer.class);
        if (runtime != null) {
            app.initializers(c -> ((GenericApplicationContext) c)
                    .registerBean(
                            "testSandboxRuntime",
                            SandboxRuntime.class,
                            () -> runtime,
                            d -> d.setDestroyMethodName("")));
        }
        ConfigurableApplicationContext ctx = app.run(args.toArray(String[]::new));
        return new Server(ctx);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    record Reply(int status, String contentType, JsonNode body, HttpResponse<String> raw) {}

    Reply call(String method, String path, String body) throws IOException, InterruptedException {
        return call(method, path, body, "Bearer " + token);
    }

    Reply call(String method, String path, String body, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Reply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), json, r);
    }

    Reply get(String path) throws IOException, InterruptedException {
        return call("GET", path, null);
    }

    /** Creates a session and returns its id, failing the test unless it is 201 and ready. */
    String createShell(String name) throws IOException, InterruptedException {
        Reply r = call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"name\":\"" + name + "\"}");
        if (r.status() != 201) {
            throw new AssertionError("create answered " + r.status() + ": " + r.body());
        }
        return r.body().get("id").asString();
    }

    String state(String id) throws IOException, InterruptedException {
        return get("/api/v1/sessions/" + id).body().get("state").asString();
    }

    /** Polls until the session is in {@code state}; no timing is asserted, the deadline only ends a hung test. */
    void awaitState(String id, String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!state.equals(state(id))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("session " + id + " never became " + state + "; it is " + state(id));
            }
            Thread.sleep(100);
        }
    }

    String attachToken(String id) throws IOException, InterruptedException {
        Reply r = call("POST", "/api/v1/sessions/" + id + "/attach", null);
        if (r.status() != 201) {
            throw new AssertionError("attach answered " + r.status() + ": " + r.body());
        }
        return r.body().get("token").asString();
    }

    /** A WebSocket terminal: what it received, as text, and a way to type. */
    static final class Tty implements WebSocket.Listener {
        final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        final StringBuilder screen = new StringBuilder();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket;

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            received.add(new String(b, StandardCharsets.UTF_8));
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            closed.complete(status);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        void type(String text) {
            socket.sendBinary(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), true)
                    .join();
        }

        void text(String text) {
            socket.sendText(text, true).join();
        }

        /** Reads output until it contains {@code expected}; the deadline only ends a hung test. */
        String awaitOutput(String expected) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (screen.indexOf(expected) < 0) {
                String part = received.poll(100, TimeUnit.MILLISECONDS);
                if (part != null) {
                    screen.append(part);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never saw " + expected + " in: " + screen);
                }
            }
            return screen.toString();
        }

        /** Reads output until {@code pattern} is found in it; the deadline only ends a hung test. */
        java.util.regex.Matcher awaitMatch(java.util.regex.Pattern pattern) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                java.util.regex.Matcher m = pattern.matcher(screen);
                if (m.find()) {
                    return m;
                }
                String part = received.poll(100, TimeUnit.MILLISECONDS);
                if (part != null) {
                    screen.append(part);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("never saw " + pattern + " in: " + screen);
                }
            }
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    Tty openTty(String id, String token) {
        Tty tty = new Tty();
        tty.socket = http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .buildAsync(
                        URI.create("ws://127.0.0.1:" + port + "/api/v1/sessions/" + id + "/tty?token=" + token
                                + "&cols=200&rows=50"),
                        tty)
                .join();
        return tty;
    }

    @Override
    public void close() {
        context.close();
    }
}
