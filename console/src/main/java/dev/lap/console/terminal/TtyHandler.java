package dev.lap.console.terminal;

import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.Terminal;
import dev.lap.sandbox.session.Sessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One viewer's WebSocket bridged to a terminal of its session: binary frames in are keystrokes,
 * the terminal's output goes out as binary frames, and a text frame {@code {"type":"resize",
 * "cols":C,"rows":R}} resizes (any other text frame is typed as UTF-8). The terminal's streams
 * block, so output is read on a thread of its own and input written on the bounded elastic pool,
 * in order.
 */
final class TtyHandler implements WebSocketHandler {
    private static final Logger log = LoggerFactory.getLogger(TtyHandler.class);

    private final Sessions sessions;
    private final AttachTokens tokens;
    private final JsonMapper json;

    TtyHandler(Sessions sessions, AttachTokens tokens, JsonMapper json) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.json = json;
    }

    /** What a client sent: bytes to type, or a new size. */
    private sealed interface Input {
        record Keys(byte[] bytes) implements Input {}

        record Resize(int cols, int rows) implements Input {}
    }

    @Override
    public Mono<Void> handle(WebSocketSession ws) {
        String token = queryParam(ws, "token");
        AttachTokens.Grant grant = token == null ? null : tokens.claim(token).orElse(null);
        if (grant == null) {
            // Only reachable if the gate did not run: refuse rather than attach unauthenticated.
            log.warn("terminal WebSocket without an attach grant refused");
            return ws.close(CloseStatus.POLICY_VIOLATION.withReason("no attach grant"));
        }
        String id = grant.sessionId();
        int cols = param(ws, "cols", 80);
        int rows = param(ws, "rows", 24);
        return Mono.fromCallable(() -> sessions.attach(id, cols, rows))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(terminal -> {
                    log.info("terminal attached to session {} by {}", id, grant.caller());
                    return bridge(ws, terminal, id);
                })
                .onErrorResume(
                        SandboxException.class,
                        e -> ws.close(CloseStatus.POLICY_VIOLATION.withReason(
                                truncate(e.getMessage() == null ? "cannot attach" : e.getMessage()))));
    }

    private Mono<Void> bridge(WebSocketSession ws, Terminal terminal, String id) {
        Flux<WebSocketMessage> output = Flux.<byte[]>create(
                        sink -> {
                            Thread reader = Thread.ofPlatform()
                                    .name("lap-tty-" + id)
                                    .daemon()
                                    .start(() -> pump(terminal.output(), sink));
                            sink.onDispose(reader::interrupt);
                        },
                        FluxSink.OverflowStrategy.BUFFER)
                .map(bytes -> ws.binaryMessage(factory -> factory.wrap(bytes)));
        Mono<Void> send = ws.send(output).then(Mono.defer(ws::close));
        Mono<Void> receive = ws.receive()
                .map(this::input) // copied on the I/O thread: the frame's buffer is released after it
                .publishOn(Schedulers.boundedElastic())
                .doOnNext(in -> apply(terminal, in))
                .then();
        return Mono.when(
                        send,
                        receive.doFinally(signal -> Schedulers.boundedElastic().schedule(() -> {
                            terminal.close();
                            log.info("terminal detached from session {}", id);
                        })))
                .onErrorResume(IOException.class, e -> Mono.empty());
    }

    private static void pump(InputStream in, FluxSink<byte[]> sink) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (n > 0) {
                    sink.next(Arrays.copyOf(buf, n));
                }
            }
        } catch (IOException e) {
            // The viewer detached or the agent ended: either way the output is over.
        }
        sink.complete();
    }

    private Input input(WebSocketMessage message) {
        if (message.getType() == WebSocketMessage.Type.TEXT) {
            String text = message.getPayloadAsText();
            Input resize = resize(text);
            return resize != null ? resize : new Input.Keys(text.getBytes(StandardCharsets.UTF_8));
        }
        var buffer = message.getPayload();
        byte[] bytes = new byte[buffer.readableByteCount()];
        buffer.read(bytes);
        return new Input.Keys(bytes);
    }

    private Input.@org.jspecify.annotations.Nullable Resize resize(String text) {
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = json.readTree(text);
            if ("resize".equals(node.path("type").asString(""))) {
                int cols = node.path("cols").asInt(0);
                int rows = node.path("rows").asInt(0);
                if (cols > 0 && cols <= 1000 && rows > 0 && rows <= 1000) {
                    return new Input.Resize(cols, rows);
                }
            }
        } catch (RuntimeException e) {
            // Not JSON: typed as text.
        }
        return null;
    }

    private static void apply(Terminal terminal, Input in) {
        switch (in) {
            case Input.Keys k -> {
                try {
                    OutputStream out = terminal.input();
                    out.write(k.bytes());
                    out.flush();
                } catch (IOException e) {
                    // The terminal is gone; the output side ends the WebSocket.
                }
            }
            case Input.Resize r -> terminal.resize(r.cols(), r.rows());
        }
    }

    private static int param(WebSocketSession ws, String name, int fallback) {
        String v = queryParam(ws, name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            return n > 0 && n <= 1000 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static @org.jspecify.annotations.Nullable String queryParam(WebSocketSession ws, String name) {
        return org.springframework.web.util.UriComponentsBuilder.fromUri(
                        ws.getHandshakeInfo().getUri())
                .build()
                .getQueryParams()
                .getFirst(name);
    }

    private static String truncate(String s) {
        // A close reason must fit in a control frame (123 bytes).
        return s.length() <= 100 ? s : s.substring(0, 100);
    }
}
