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
 * meets when a server times out an idle connection just as it is reused.
 */
final class ClosingUpstream implements AutoCloseable {
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger answered = new AtomicInteger();
    private final ServerSocket server;

    ClosingUpstream(TestPki pki) throws Exception {
        server = (SSLServerSocket)
                pki.serverContext.getServerSocketFactory().createServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (Exception e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            if (VaultHarness.readHead(in).isEmpty()) {
                return;
            }
            String body = "answer " + answered.incrementAndGet() + "\n";
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.ISO_8859_1));
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
