package dev.lap.console.it;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.SandboxSpec;
import dev.lap.sandbox.runtime.Terminal;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A test double of the sandbox runtime, never shipped: a "sandbox" is a record in this object, and
 * each terminal a plain {@code /bin/sh} under a PTY (no isolation at all). It outlives a server
 * that is closed and started again in the same JVM, which is what recovery needs; {@link #lose}
 * makes a sandbox vanish as a crashed one would.
 */
final class PtyRuntime implements SandboxRuntime {
    private final Map<String, FakeSandbox> sandboxes = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();
    volatile boolean failStarts;

    @Override
    public String name() {
        return "pty-test-double";
    }

    @Override
    public Sandbox start(SandboxSpec spec) throws SandboxException {
        if (failStarts) {
            throw new SandboxException("the test double was told to fail");
        }
        FakeSandbox s = new FakeSandbox(spec.sessionId(), spec);
        sandboxes.put(spec.sessionId(), s);
        return s;
    }

    @Override
    public Optional<Sandbox> recover(SandboxSpec spec) {
        return Optional.ofNullable(sandboxes.get(spec.sessionId()));
    }

    @Override
    public void stop(Sandbox sandbox, Duration grace) {
        FakeSandbox s = sandboxes.remove(sandbox.sessionId());
        if (s != null) {
            s.kill();
        }
    }

    @Override
    public void close() {}

    void lose(String sessionId) {
        FakeSandbox s = sandboxes.remove(sessionId);
        if (s != null) {
            s.kill();
        }
    }

    /** The agent ends on its own: the sandbox is there but no longer alive. */
    void exit(String sessionId) {
        FakeSandbox s = sandboxes.get(sessionId);
        if (s != null) {
            s.kill();
        }
    }

    Optional<SandboxSpec> spec(String sessionId) {
        return Optional.ofNullable(sandboxes.get(sessionId)).map(s -> s.spec);
    }

    final class FakeSandbox implements Sandbox {
        private final String id;
        final SandboxSpec spec;
        private volatile Instant lastActivity = clock.instant();
        private volatile boolean alive = true;
        private final List<PtyProcess> shells = new CopyOnWriteArrayList<>();

        FakeSandbox(String id, SandboxSpec spec) {
            this.id = id;
            this.spec = spec;
        }

        @Override
        public String sessionId() {
            return id;
        }

        @Override
        public boolean alive() {
            return alive;
        }

        @Override
        public Instant lastActivity() {
            return lastActivity;
        }

        @Override
        public List<String> unenforcedLimits() {
            return List.of("memory and processes: a test double enforces nothing");
        }

        void kill() {
            alive = false;
            shells.forEach(PtyProcess::destroyForcibly);
        }

        @Override
        public Terminal attach(int columns, int rows) throws SandboxException {
            PtyProcess p;
            try {
                p = new PtyProcessBuilder(new String[] {"/bin/sh", "-i"})
                        .setEnvironment(Map.of("PATH", "/usr/bin:/bin", "TERM", "dumb", "PS1", "$ "))
                        .setInitialColumns(columns)
                        .setInitialRows(rows)
                        .start();
            } catch (IOException e) {
                throw new SandboxException("the test shell did not start", e);
            }
            shells.add(p);
            lastActivity = clock.instant();
            return new Terminal() {
                private final OutputStream in = new FilterOutputStream(p.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        lastActivity = clock.instant();
                        out.write(b, off, len);
                    }
                };
                private final InputStream out = new FilterInputStream(p.getInputStream()) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = super.read(b, off, len);
                        lastActivity = clock.instant();
                        return n;
                    }
                };

                @Override
                public OutputStream input() {
                    return in;
                }

                @Override
                public InputStream output() {
                    return out;
                }

                @Override
                public void resize(int c, int r) {
                    p.setWinSize(new WinSize(c, r));
                }

                @Override
                public void close() {
                    p.destroyForcibly();
                    shells.remove(p);
                }
            };
        }
    }
}
