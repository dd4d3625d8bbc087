package dev.lap.sandbox.runtime.local;

import dev.lap.sandbox.runtime.SandboxException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's side of a sandbox's tmux server. Every tmux client the host runs against the
 * sandbox's socket is confined ({@link Bwrap#tmuxClient}); whether the server is alive is asked
 * without a client at all, by connecting to its socket.
 */
final class Tmux {
    private final String bwrap;
    private final Layout layout;

    Tmux(String bwrap, Layout layout) {
        this.bwrap = bwrap;
        this.layout = layout;
    }

    /** Something listens on the tmux socket. */
    boolean listening() {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(layout.tmuxSocket()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs one tmux command through a confined client; true if it exited 0 in time. */
    boolean run(List<String> args, long timeoutMillis) throws SandboxException {
        try {
            Process p = new ProcessBuilder(Bwrap.tmuxClient(bwrap, layout, args))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            if (!p.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new SandboxException("cannot run a confined tmux client (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while talking to the sandbox's tmux", e);
        }
    }

    /** The client a terminal viewer runs under its PTY. */
    List<String> attachCommand() throws IOException {
        return Bwrap.tmuxClient(bwrap, layout, List.of("attach-session", "-t", SandboxFiles.TMUX_SESSION));
    }
}
