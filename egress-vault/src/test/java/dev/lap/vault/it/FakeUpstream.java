package dev.lap.vault.it;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;

/**
 * Fake upstreams behind one TLS port, told apart by {@code Host}: a GitHub REST API, GitHub's git
 * smart HTTP ({@code git http-backend} as CGI, answering 401 until it sees the real token, as
 * GitHub does for a private repository), a package registry, and an echo service that reflects the
 * {@code Authorization} header back (to prove it is scrubbed). Every request is recorded with the
 * headers the upstream really received. Public for other modules' tests (the egress-vault test-jar).
 */
public final class FakeUpstream implements AutoCloseable {
    public record Seen(String method, String host, String path, Map<String, List<String>> headers, long bodyBytes) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final HttpServer plain;
    private final String realToken;
    private final Path gitRoot;

    public FakeUpstream(TestPki pki, String realToken, Path gitRoot) throws IOException {
        this.realToken = realToken;
        this.gitRoot = gitRoot;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(pki.serverContext));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
        plain = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        plain.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        plain.createContext("/", this::handle);
        plain.start();
    }

    /** The same fake hosts over plain HTTP, for absolute-form {@code http://} requests. */
    public int plainPort() {
        return plain.getAddress().getPort();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public List<Seen> seenBy(String host) {
        return seen.stream().filter(s -> s.host().equals(host)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String host = ex.getRequestHeaders().getFirst("Host").replaceFirst(":\\d+$", "");
            if (ex.getRequestURI().getPath().startsWith("/stream/")) {
                stream(ex, host);
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            Map<String, List<String>> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            seen.add(new Seen(ex.getRequestMethod(), host, ex.getRequestURI().getRawPath(), headers, body.length));
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            switch (host) {
                case "api.github.com" -> github(ex, auth, body);
                case "github.com" -> git(ex, auth, body);
                case "registry.npmjs.org" -> send(ex, 200, "application/json", "{\"name\":\"left-pad\"}");
                default -> send(ex, 404, "text/plain", "no such fake host " + host + "\n");
            }
        }
    }

    private void github(HttpExchange ex, String auth, byte[] body) throws IOException {
        String path = ex.getRequestURI().getPath();
        boolean authorised = ("Bearer " + realToken).equals(auth) || ("token " + realToken).equals(auth);
        switch (path) {
            case "/user" -> {
                if (authorised) {
                    send(ex, 200, "application/json", "{\"login\":\"octocat\",\"id\":1}");
                } else {
                    send(ex, 401, "application/json", "{\"message\":\"Bad credentials\"}");
                }
            }
            case "/echo" -> {
                // Reflects the credential in a header and a chunked body, encoded as the query
                // says (?gzip, ?deflate, ?br), else plain.
                ex.getResponseHeaders().set("X-Echo-Authorization", String.valueOf(auth));
                byte[] text = ("you sent: " + auth + "\n").getBytes(StandardCharsets.UTF_8);
                String coding = String.valueOf(ex.getRequestURI().getRawQuery());
                switch (coding) {
                    case "gzip" -> {
                        var gz = new ByteArrayOutputStream();
                        try (var out = new GZIPOutputStream(gz)) {
                            out.write(text);
                        }
                        text = gz.toByteArray();
                    }
                    case "deflate" -> {
                        var z = new ByteArrayOutputStream();
                        try (var out = new java.util.zip.DeflaterOutputStream(z)) {
                            out.write(text);
                        }
                        text = z.toByteArray();
                    }
                    case "br" -> text = com.aayushatharva.brotli4j.encoder.Encoder.compress(text);
                    default -> coding = "";
                }
                if (!coding.isEmpty()) {
                    ex.getResponseHeaders().set("Content-Encoding", coding);
                }
                ex.getResponseHeaders().set("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, 0); // chunked
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(text);
                }
            }
            case "/huge-header" -> {
                ex.getResponseHeaders().set("X-Huge", "h".repeat(100_000));
                send(ex, 200, "text/plain", "you should not see this\n");
            }
            case "/upload-gzip" -> {
                // What a compressed upload decodes to, so a test can check the swap inside it.
                boolean gzip = "gzip".equals(ex.getRequestHeaders().getFirst("Content-Encoding"));
                byte[] decoded = gzip
                        ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes()
                        : body;
                send(ex, 200, "application/json", "{\"gzip\":" + gzip + ",\"sha256\":\"" + sha256(decoded) + "\"}");
            }
            case "/upload" ->
                send(
                        ex,
                        200,
                        "application/json",
                        "{\"bytes\":" + body.length + ",\"sha256\":\"" + sha256(body) + "\"}");
            default -> send(ex, 404, "application/json", "{\"message\":\"Not Found\"}");
        }
    }

    private void git(HttpExchange ex, String auth, byte[] body) throws IOException {
        String expected = "Basic "
                + Base64.getEncoder().encodeToString(("x-access-token:" + realToken).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"GitHub\"");
            send(ex, 401, "text/plain", "authentication required\n");
            return;
        }
        var pb = new ProcessBuilder("git", "http-backend");
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        env.put("GIT_PROJECT_ROOT", gitRoot.toString());
        env.put("GIT_HTTP_EXPORT_ALL", "1");
        env.put("PATH_INFO", ex.getRequestURI().getRawPath());
        env.put(
                "QUERY_STRING",
                ex.getRequestURI().getRawQuery() == null
                        ? ""
                        : ex.getRequestURI().getRawQuery());
        env.put("REQUEST_METHOD", ex.getRequestMethod());
        env.put("REMOTE_USER", "octocat");
        env.put("REMOTE_ADDR", "127.0.0.1");
        env.put("CONTENT_LENGTH", Integer.toString(body.length));
        Headers h = ex.getRequestHeaders();
        if (h.getFirst("Content-Type") != null) {
            env.put("CONTENT_TYPE", h.getFirst("Content-Type"));
        }
        if (h.getFirst("Content-Encoding") != null) {
            env.put("HTTP_CONTENT_ENCODING", h.getFirst("Content-Encoding"));
        }
        if (h.getFirst("Git-Protocol") != null) {
            env.put("GIT_PROTOCOL", h.getFirst("Git-Protocol"));
        }
        Process p = pb.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(body);
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readAllBytes();
        }
        p.getErrorStream().transferTo(OutputStream.nullOutputStream());
        int headerEnd = indexOf(out, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        int sep = 4;
        if (headerEnd < 0) {
            headerEnd = indexOf(out, "\n\n".getBytes(StandardCharsets.ISO_8859_1));
            sep = 2;
        }
        if (headerEnd < 0) {
            send(ex, 500, "text/plain", "git http-backend produced no headers\n");
            return;
        }
        int status = 200;
        for (String line : new String(out, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                ex.getResponseHeaders().add(name, value);
            }
        }
        int start = headerEnd + sep;
        ex.sendResponseHeaders(status, out.length - start == 0 ? -1 : out.length - start);
        if (out.length > start) {
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out, start, out.length - start);
            }
        }
    }

    /**
     * Bodies too large to hold: {@code /stream/sink} hashes the request body as it arrives,
     * {@code /stream/source?bytes=N} generates N bytes, so a test proves the vault streams.
     */
    private void stream(HttpExchange ex, String host) throws IOException {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        if (ex.getRequestURI().getPath().equals("/stream/sink")) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            long n = 0;
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = ex.getRequestBody()) {
                int r;
                while ((r = in.read(buf)) > 0) {
                    digest.update(buf, 0, r);
                    n += r;
                }
            }
            seen.add(new Seen(ex.getRequestMethod(), host, ex.getRequestURI().getRawPath(), headers, n));
            send(
                    ex,
                    200,
                    "application/json",
                    "{\"bytes\":" + n + ",\"sha256\":\"" + HexFormat.of().formatHex(digest.digest()) + "\"}");
            return;
        }
        seen.add(new Seen(ex.getRequestMethod(), host, ex.getRequestURI().getRawPath(), headers, 0));
        long total = Long.parseLong(ex.getRequestURI().getQuery().replace("bytes=", ""));
        ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
        ex.sendResponseHeaders(200, total);
        byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) ('a' + i % 26);
        }
        try (OutputStream out = ex.getResponseBody()) {
            for (long left = total; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
    }

    private static void send(HttpExchange ex, int status, String type, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }

    @Override
    public void close() {
        server.stop(0);
        plain.stop(0);
    }
}
