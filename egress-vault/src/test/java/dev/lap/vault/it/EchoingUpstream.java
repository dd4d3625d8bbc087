package dev.lap.vault.it;

import com.aayushatharva.brotli4j.encoder.Encoder;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A hostile upstream: it takes the credential the vault injected (the {@code Authorization}
 * header's last word) and sends it back in every field of a response it controls, in every
 * spelling the vault promises to scrub, including responses malformed on purpose so that the
 * vault's own error path has the secret in hand. Raw sockets, because no HTTP server library
 * writes a malformed response.
 */
final class EchoingUpstream implements AutoCloseable {
    private final ServerSocket server;
    private final TestPki pki;

    EchoingUpstream(TestPki pki) throws Exception {
        this.pki = pki;
        server = pki.serverContext.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        RawUpstream.acceptAll(server, this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The test PKI whose CA signed this upstream's certificate. */
    TestPki pki() {
        return pki;
    }

    /** The spellings of {@code secret} a hostile upstream uses, each of which must be scrubbed. */
    static String spellings(String secret) {
        byte[] b = secret.getBytes(StandardCharsets.US_ASCII);
        StringBuilder percent = new StringBuilder();
        StringBuilder json = new StringBuilder();
        for (byte x : b) {
            percent.append('%').append(HexFormat.of().withUpperCase().toHexDigits(x));
            json.append("\\u00").append(HexFormat.of().toHexDigits(x));
        }
        return String.join(
                " ",
                secret,
                secret.toUpperCase(Locale.ROOT),
                Base64.getEncoder().encodeToString(("x-access-token:" + secret).getBytes(StandardCharsets.US_ASCII)),
                Base64.getEncoder().encodeToString(b),
                Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("ab" + secret).getBytes(StandardCharsets.US_ASCII)),
                HexFormat.of().formatHex(b),
                HexFormat.of().withUpperCase().formatHex(b),
                percent,
                json);
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String head = VaultHarness.readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
            List<String> tokens = RawUpstream.tokens(head);
            String secret = tokens.isEmpty() ? "" : tokens.getLast();
            out.write(response(path, secret));
            out.flush();
        } catch (Exception e) {
            // the vault closed first
        }
    }

    private static byte[] response(String path, String secret) throws Exception {
        String all = spellings(secret);
        String body = "{\"echo\": \"" + all + "\"}\n";
        return switch (path) {
            case "/headers" ->
                ascii("HTTP/1.1 200 " + secret + "\r\n"
                        + "X-Echo: " + all + "\r\n"
                        + "X-Basic: Basic "
                        + Base64.getEncoder()
                                .encodeToString(("x-access-token:" + secret).getBytes(StandardCharsets.US_ASCII))
                        + "\r\n"
                        + "X-" + secret + ": as a header name\r\n"
                        + "Set-Cookie: session=" + secret + "; Secure\r\n"
                        + "Content-Length: " + body.length() + "\r\n\r\n" + body);
            case "/chunked" ->
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Echo\r\n\r\n" + chunks(body, 7)
                        + "0\r\nX-Echo: " + all + "\r\nX-T-" + secret + ": name\r\n\r\n");
            case "/gzip" -> {
                var gz = new ByteArrayOutputStream();
                try (var z = new GZIPOutputStream(gz)) {
                    z.write(ascii(body));
                }
                yield encoded("gzip", gz.toByteArray());
            }
            case "/deflate" -> encoded("deflate", deflate(ascii(body), false));
            case "/deflate-raw" -> encoded("deflate", deflate(ascii(body), true));
            case "/br" -> encoded("br", Encoder.compress(ascii(body)));
            // Labelled br but plain: the secret sits in bytes the vault cannot decode.
            case "/br-corrupt" -> encoded("br", ascii(body));
            // Interim responses are relayed (issue 14, item 8): their status line and headers too.
            case "/early-hints" ->
                ascii("HTTP/1.1 103 " + secret + "\r\nLink: </s.css?t=" + secret + ">; rel=preload\r\nX-Echo: " + all
                        + "\r\nX-" + secret + ": as a header name\r\n\r\n"
                        + "HTTP/1.1 102 " + secret + "\r\nX-Echo: " + all + "\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            case "/bad-content-length" -> ascii("HTTP/1.1 200 OK\r\nContent-Length: " + secret + "\r\n\r\n");
            case "/bad-header" -> ascii("HTTP/1.1 200 OK\r\nX-Bad" + secret + " : x\r\nContent-Length: 0\r\n\r\n");
            case "/bad-status" -> ascii("HTTP/1.1 " + secret + " OK\r\nContent-Length: 0\r\n\r\n");
            case "/bad-chunk" ->
                ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + secret + "\r\nxx\r\n0\r\n\r\n");
            default -> ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        };
    }

    private static byte[] encoded(String coding, byte[] body) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(ascii(
                "HTTP/1.1 200 OK\r\nContent-Encoding: " + coding + "\r\nContent-Length: " + body.length + "\r\n\r\n"));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** zlib (RFC 1950), or with {@code raw} the bare deflate stream some servers send instead. */
    private static byte[] deflate(byte[] plain, boolean raw) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
        try {
            deflater.setInput(plain);
            deflater.finish();
            var out = new ByteArrayOutputStream();
            byte[] buf = new byte[4096];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static String chunks(String body, int size) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < body.length(); i += size) {
            String part = body.substring(i, Math.min(body.length(), i + size));
            out.append(Integer.toHexString(part.length()))
                    .append("\r\n")
                    .append(part)
                    .append("\r\n");
        }
        return out.toString();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
