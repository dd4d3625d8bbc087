package dev.lap.vault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One keep-alive HTTPS connection of the load generator, blocking (each runs on its own virtual
 * thread): optionally {@code CONNECT host:443} through a proxy, then TLS with SNI and host name
 * verification for {@code host}, then HTTP/1.1 requests one after another. Responses are parsed
 * just enough to be checked: status, {@code Content-Length} or chunked body, {@code Connection}.
 */
final class BenchConnection implements AutoCloseable {
    /** When each step of opening ended, in {@link System#nanoTime()}. */
    record Opened(long start, long connected, long tunnelled, long handshaken) {}

    record Response(int status, String body, boolean close) {}

    private final String host;
    private final Socket raw;
    private final SSLSocket tls;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    final Opened opened;

    private BenchConnection(String host, Socket raw, SSLSocket tls, Opened opened) throws IOException {
        this.host = host;
        this.raw = raw;
        this.tls = tls;
        this.in = tls.getInputStream();
        this.out = tls.getOutputStream();
        this.opened = opened;
    }

    /**
     * Opens a connection to {@code host}: through the HTTP proxy at {@code proxy} with CONNECT, or,
     * with {@code proxy} null, straight to {@code direct} (the upstream's real address).
     */
    static BenchConnection open(
            SSLContext trust, InetSocketAddress proxy, InetSocketAddress direct, String host, int timeoutMillis)
            throws IOException {
        long start = System.nanoTime();
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setSoTimeout(timeoutMillis);
            raw.connect(proxy != null ? proxy : direct, timeoutMillis);
            long connected = System.nanoTime();
            if (proxy != null) {
                OutputStream o = raw.getOutputStream();
                o.write(("CONNECT " + host + ":443 HTTP/1.1\r\nHost: " + host + ":443\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                o.flush();
                String head = readProxyHead(raw.getInputStream());
                if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                    throw new IOException("CONNECT " + host + " refused: "
                            + head.lines().findFirst().orElse(""));
                }
            }
            long tunnelled = System.nanoTime();
            SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(raw, host, 443, true);
            var params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(host)));
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setApplicationProtocols(new String[] {"http/1.1"});
            tls.setSSLParameters(params);
            tls.startHandshake();
            long handshaken = System.nanoTime();
            return new BenchConnection(host, raw, tls, new Opened(start, connected, tunnelled, handshaken));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** The proxy's answer to CONNECT, read byte by byte so that no TLS byte is consumed. */
    private static String readProxyHead(InputStream in) throws IOException {
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            int n = b.length();
            if (n >= 4
                    && b.charAt(n - 4) == '\r'
                    && b.charAt(n - 3) == '\n'
                    && b.charAt(n - 2) == '\r'
                    && b.charAt(n - 1) == '\n') {
                return b.toString();
            }
            if (n > 16 * 1024) {
                break;
            }
        }
        throw new IOException("the proxy closed the connection before answering CONNECT: " + b);
    }

    /** The request bytes for {@code GET path} with an optional {@code Authorization} value. */
    static byte[] request(String host, String path, String authorization) {
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: lap-vault-bench\r\nAccept: */*\r\n"
                        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    Response exchange(byte[] request) throws IOException {
        out.write(request);
        out.flush();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String statusLine = line();
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response from " + host + ": " + statusLine);
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        String h;
        while (!(h = line()).isEmpty()) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("transfer-encoding")) {
                chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
            } else if (name.equalsIgnoreCase("connection")) {
                close = value.equalsIgnoreCase("close");
            }
        }
        var body = new java.io.ByteArrayOutputStream(64);
        if (chunked) {
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                bytes(body, n);
                line();
            }
        } else if (length >= 0) {
            bytes(body, length);
        } else {
            throw new IOException("a response without a length from " + host);
        }
        return new Response(status, body.toString(StandardCharsets.UTF_8), close);
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private String line() throws IOException {
        var b = new StringBuilder(64);
        while (true) {
            if (!fill()) {
                throw new IOException("connection to " + host + " closed mid-response");
            }
            byte c = buf[pos++];
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) (c & 0xff));
        }
    }

    private void bytes(java.io.ByteArrayOutputStream to, long n) throws IOException {
        while (n > 0) {
            if (!fill()) {
                throw new IOException("connection to " + host + " closed mid-body");
            }
            int take = (int) Math.min(n, limit - pos);
            to.write(buf, pos, take);
            pos += take;
            n -= take;
        }
    }

    @Override
    public void close() {
        try {
            tls.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            raw.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
