package dev.lap.vault.it;

import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the raw-socket test upstreams share (those that must write what no HTTP server library
 * writes): a connection per virtual thread, and the credential the vault injected.
 */
final class RawUpstream {
    private RawUpstream() {}

    /** Accepts on {@code server} until it closes, each connection handed to {@code serve} on its own thread. */
    static void acceptAll(ServerSocket server, Consumer<Socket> serve) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> serve.accept(s));
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    /** The last word of each {@code Authorization} header of a request head: the injected tokens. */
    static List<String> tokens(String head) {
        List<String> tokens = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("authorization:")) {
                String value = line.substring(line.indexOf(':') + 1).trim();
                tokens.add(value.substring(value.lastIndexOf(' ') + 1));
            }
        }
        return tokens;
    }
}
