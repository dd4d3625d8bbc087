package dev.lap.sandbox.runtime.local;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.Terminal;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One viewer: a confined tmux client attached to the sandbox's session under a PTY of its own.
 * tmux redraws the whole screen for a client that attaches, so a new viewer first receives the
 * current screen. Reading {@link #output()} blocks (pty4j's {@code available()} stays 0): read it
 * on a thread of its own. Every byte either way counts as activity.
 */
final class PtyTerminal implements Terminal {
    private final PtyProcess process;
    private final OutputStream input;
    private final InputStream output;

    private PtyTerminal(PtyProcess process, Runnable activity) {
        this.process = process;
        this.input = new FilterOutputStream(process.getOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                activity.run();
                out.write(b, off, len);
                out.flush();
            }

            @Override
            public void write(int b) throws IOException {
                activity.run();
                out.write(b);
                out.flush();
            }
        };
        this.output = new FilterInputStream(process.getInputStream()) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                activity.run();
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    activity.run();
                }
                return n;
            }
        };
    }

    static PtyTerminal attach(List<String> command, int columns, int rows, Runnable activity) throws SandboxException {
        if (columns < 1 || rows < 1) {
            throw new SandboxException("a terminal needs at least 1 column and 1 row, not " + columns + "x" + rows);
        }
        try {
            PtyProcess p = new PtyProcessBuilder(command.toArray(String[]::new))
                    .setEnvironment(Map.of("TERM", "xterm-256color", "LANG", "C.UTF-8"))
                    .setDirectory("/")
                    .setInitialColumns(columns)
                    .setInitialRows(rows)
                    .setRedirectErrorStream(true)
                    .start();
            activity.run();
            return new PtyTerminal(p, activity);
        } catch (IOException e) {
            throw new SandboxException("cannot start a terminal client (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public OutputStream input() {
        return input;
    }

    @Override
    public InputStream output() {
        return output;
    }

    @Override
    public void resize(int columns, int rows) {
        if (columns > 0 && rows > 0 && process.isAlive()) {
            process.setWinSize(new WinSize(columns, rows));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
