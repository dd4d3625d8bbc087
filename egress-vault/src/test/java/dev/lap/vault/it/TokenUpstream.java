package dev.lap.vault.it;

import com.aayushatharva.brotli4j.encoder.Encoder;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A hostile identity provider for capture tests, behind one TLS port for every host it has a
 * certificate for: it issues a fresh OAuth token on each {@code /token} (the JSON body plain,
 * gzip, deflate, br or chunked, as the query says) and a session cookie on {@code /login}, and
 * then reflects whatever credentials it receives ({@code /whoami}) in a header and the body, so a
 * captured value that reached it would come straight back. Every request is recorded with the
 * headers it really carried.
 */
final class TokenUpstream implements AutoCloseable {
    record Seen(String host, String path, Map<String, List<String>> headers) {
        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : String.join(", ", v);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    /** Every value it issued, token or cookie, newest last. */
    final List<String> issued = new CopyOnWriteArrayList<>();

    private final HttpsServer server;

    TokenUpstream(TestPki pki) throws IOException {
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String lastIssued() {
        return issued.get(issued.size() - 1);
    }

    List<Seen> seenBy(String host, String path) {
        return seen.stream()
                .filter(s -> s.host().equals(host) && s.path().equals(path))
                .toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            String host = ex.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = ex.getRequestURI().getPath();
            seen.add(new Seen(host, path, headers));
            String query = String.valueOf(ex.getRequestURI().getRawQuery());
            switch (path) {
                case "/token" -> {
                    String token = issue("gho_" + VaultHarness.random(36));
                    json(
                            ex,
                            "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"scope\":\"repo\"}",
                            query);
                }
                case "/nested-token" -> {
                    String token = issue("tok-" + VaultHarness.random(40));
                    json(ex, "{\"data\":{\"token\":\"" + token + "\",\"expires\":3600}}", "plain");
                }
                case "/no-token" -> json(ex, "{\"error\":\"authorization_pending\"}", "plain");
                case "/not-json" -> {
                    ex.getResponseHeaders().set("Content-Type", "text/plain");
                    byte[] body = "access_token=nothing-to-see".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, body.length);
                    ex.getResponseBody().write(body);
                }
                case "/number-token" -> json(ex, "{\"access_token\":12345678901234567890123}", "plain");
                case "/big" -> {
                    String token = issue("gho_" + VaultHarness.random(36));
                    String pad = "x".repeat(200 * 1024);
                    json(ex, "{\"access_token\":\"" + token + "\",\"pad\":\"" + pad + "\"}", query);
                }
                case "/login" -> {
                    String sid = issue(VaultHarness.random(40));
                    ex.getResponseHeaders().add("Set-Cookie", "theme=dark; Path=/");
                    ex.getResponseHeaders().add("Set-Cookie", "sid=" + sid + "; Path=/; Secure; HttpOnly");
                    json(ex, "{\"signed_in\":true}", "plain");
                }
                case "/whoami" -> {
                    // Hostile: what it was given comes back, in a header and the body, verbatim
                    // and in base64.
                    String got = "authorization=" + ex.getRequestHeaders().getFirst("Authorization") + " cookie="
                            + ex.getRequestHeaders().getFirst("Cookie");
                    ex.getResponseHeaders().set("X-Echo", got);
                    String b64 = java.util.Base64.getEncoder().encodeToString(got.getBytes(StandardCharsets.UTF_8));
                    json(ex, "{\"you_sent\":\"" + got + "\",\"b64\":\"" + b64 + "\"}", query);
                }
                default -> {
                    ex.sendResponseHeaders(404, -1);
                }
            }
        }
    }

    private String issue(String value) {
        issued.add(value);
        return value;
    }

    /** Sends {@code text} as JSON: {@code plain} with a length, {@code chunked}, or encoded (gzip, deflate, br). */
    private static void json(HttpExchange ex, String text, String coding) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        switch (coding) {
            case "gzip" -> {
                var out = new ByteArrayOutputStream();
                try (var gz = new GZIPOutputStream(out)) {
                    gz.write(body);
                }
                body = out.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            case "deflate" -> {
                var out = new ByteArrayOutputStream();
                try (var z = new DeflaterOutputStream(out)) {
                    z.write(body);
                }
                body = out.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "deflate");
            }
            case "br" -> {
                body = Encoder.compress(body);
                ex.getResponseHeaders().set("Content-Encoding", "br");
            }
            default -> {}
        }
        if (coding.equals("chunked")) {
            ex.sendResponseHeaders(200, 0);
            // Split inside the value, so the vault must join chunks before it parses.
            int half = body.length / 2;
            ex.getResponseBody().write(body, 0, half);
            ex.getResponseBody().flush();
            ex.getResponseBody().write(body, half, body.length - half);
        } else {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
