package dev.lap.vault.it;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;

/**
 * An upstream that keeps a connection alive after its first response and then closes it, without
 * answering, when a second request arrives on it: the race every client of a keep-alive pool
 * meets when a server times out an idle connection just as it is reused. It can also answer with
 * a trailer, which no other fake upstream sends.
 */
final class ClosingUpstream implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    private final ServerSocket server;
    private volatile String trailerValue = "";

    /** From now on, answers carry {@code value} in a trailer after a chunked body. */
    void sendTrailer(String value) {
        trailerValue = value;
    }

    ClosingUpstream(TestPki pki) throws Exception {
        server = (SSLServerSocket)
                pki.serverContext.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        RawUpstream.acceptAll(server, this::serve);
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(Socket s) {
        connections.incrementAndGet();
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (VaultHarness.readHead(in).isEmpty()) {
                return;
            }
            String body = "answer " + answered.incrementAndGet() + "\n";
            String response = trailerValue.isEmpty()
                    ? "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body
                    : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Echo\r\n\r\n"
                            + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\nX-Echo: "
                            + trailerValue + "\r\n\r\n";
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            VaultHarness.readHead(in); // the second request on this connection: closed unanswered
        } catch (Exception e) {
            // the vault closed first; nothing to do
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
