package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.sandbox.admission.Admission;
import dev.lap.sandbox.admission.AdmissionPolicy;
import dev.lap.sandbox.admission.AdmissionRequest;
import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.SandboxSpec;
import dev.lap.sandbox.runtime.Terminal;
import dev.lap.vault.policy.EgressInput;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Sessions through their whole life: admitted by policy, started on the runtime, attached and
 * detached, reaped, stopped, and found again after a restart. Every transition goes through the
 * store (which checks the state machine and the state it moves from) and is audited.
 *
 * <p>Calls block (the database, the runtime): the application calls them on worker threads.
 */
public final class Sessions {
    /**
     * @param stateRoot where each session's state directory goes ({@code <stateRoot>/<id>})
     * @param stopGrace how long an agent gets to end before its sandbox is killed
     * @param startTimeout how long a sandbox may take to start
     */
    public record Settings(Path stateRoot, Duration stopGrace, Duration startTimeout) {
        public Settings {
            requireNonNull(stateRoot, "stateRoot");
            requireNonNull(stopGrace, "stopGrace");
            requireNonNull(startTimeout, "startTimeout");
        }
    }

    private static final SecureRandom IDS = new SecureRandom();

    private final SessionStore store;
    private final SandboxRuntime runtime;
    private final AdmissionPolicy admission;
    private final Agents agents;
    private final AuditSink audit;
    private final Clock clock;
    private final Settings settings;
    private final ConcurrentMap<String, Sandbox> running = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, AtomicInteger> viewers = new ConcurrentHashMap<>();

    public Sessions(
            SessionStore store,
            SandboxRuntime runtime,
            AdmissionPolicy admission,
            Agents agents,
            AuditSink audit,
            Clock clock,
            Settings settings) {
        this.store = requireNonNull(store, "store");
        this.runtime = requireNonNull(runtime, "runtime");
        this.admission = requireNonNull(admission, "admission");
        this.agents = requireNonNull(agents, "agents");
        this.audit = requireNonNull(audit, "audit");
        this.clock = requireNonNull(clock, "clock");
        this.settings = requireNonNull(settings, "settings");
    }

    public Agents agents() {
        return agents;
    }

    public Optional<Session> find(String id) {
        return store.find(id);
    }

    public List<Session> list() {
        return store.list();
    }

    public List<SessionEvent> events(String id) {
        return store.events(id);
    }

    /** Admits, records and starts a session; returns when it is ready, refused or failed. */
    public Created create(NewSession request) {
        String id = "s-" + HexFormat.of().formatHex(randomBytes(8));
        Admission decided = admission.decide(new AdmissionRequest(
                id,
                request.user(),
                request.agent(),
                request.name(),
                request.repo(),
                runtime.name(),
                request.ttl(),
                request.memoryBytes(),
                request.maxProcesses()));
        Instant now = clock.instant();
        switch (decided) {
            case Admission.Refused r -> {
                Session s = admitting(
                        id,
                        request,
                        now,
                        now,
                        Duration.ZERO,
                        Set.of(),
                        SandboxSpec.ResourceLimits.DEFAULT,
                        r.revision());
                inserted(s);
                Session failed = move(s, SessionState.FAILED, "admission refused: " + r.reason())
                        .orElse(s);
                return new Created.Refused(failed, r.reason(), r.rule());
            }
            case Admission.Admitted a -> {
                Session s = admitting(
                        id,
                        request,
                        now,
                        now.plus(a.ttl()),
                        a.idleTtl(),
                        a.credentials(),
                        new SandboxSpec.ResourceLimits(
                                a.limits().memoryBytes(), a.limits().maxProcesses(), settings.startTimeout()),
                        a.revision());
                inserted(s);
                Optional<Session> starting = move(s, SessionState.STARTING, a.reason());
                if (starting.isEmpty()) {
                    return new Created.NotStarted(store.find(id).orElse(s));
                }
                return start(starting.get());
            }
        }
    }

    /** A session as it is first stored, before admission's outcome moves it on. */
    private Session admitting(
            String id,
            NewSession request,
            Instant now,
            Instant expires,
            Duration idleTtl,
            Set<String> credentials,
            SandboxSpec.ResourceLimits limits,
            String revision) {
        return new Session(
                id,
                request.name(),
                request.agent(),
                request.user(),
                request.repo(),
                SessionState.ADMITTING,
                "requested by " + request.user(),
                now,
                now,
                expires,
                idleTtl,
                credentials,
                limits,
                runtime.name(),
                revision);
    }

    private Created start(Session s) {
        Sandbox sandbox;
        try {
            sandbox = runtime.start(spec(s));
        } catch (SandboxException | RuntimeException e) {
            return new Created.NotStarted(move(s, SessionState.FAILED, "the sandbox did not start: " + message(e))
                    .orElseGet(() -> current(s)));
        }
        running.put(s.id(), sandbox);
        String reason = sandbox.unenforcedLimits().isEmpty()
                ? "sandbox started on " + runtime.name()
                : "sandbox started on " + runtime.name() + "; not enforced here: "
                        + String.join("; ", sandbox.unenforcedLimits());
        Optional<Session> ready = move(s, SessionState.READY, reason);
        if (ready.isPresent()) {
            return new Created.Started(ready.get());
        }
        // Stopped while it was starting: the stop left the sandbox to us.
        Session now = current(s);
        if (now.state() == SessionState.STOPPING) {
            finishStop(now, sandbox, "stopped while starting");
        }
        return new Created.NotStarted(current(s));
    }

    /**
     * Stops a session: {@code stopping}, then the runtime stops its sandbox, then {@code stopped}.
     * A session already stopped or failed is returned as it is.
     */
    public Optional<Session> stop(String id, String reason) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<Session> found = store.find(id);
            if (found.isEmpty()) {
                return found;
            }
            Session s = found.get();
            if (s.state().isFinal() || s.state() == SessionState.STOPPING || s.state() == SessionState.ADMITTING) {
                return found;
            }
            Optional<Session> stopping = move(s, SessionState.STOPPING, reason);
            if (stopping.isEmpty()) {
                continue; // moved under us (attached, detached): read it again
            }
            if (s.state() == SessionState.STARTING) {
                return stopping; // the starting thread finishes the stop
            }
            Sandbox sandbox = running.remove(id);
            return Optional.of(finishStop(stopping.get(), sandbox, reason));
        }
        return store.find(id);
    }

    private Session finishStop(Session stopping, @Nullable Sandbox sandbox, String reason) {
        running.remove(stopping.id());
        try {
            Sandbox target =
                    sandbox != null ? sandbox : runtime.recover(spec(stopping)).orElse(null);
            if (target != null) {
                runtime.stop(target, settings.stopGrace());
            }
        } catch (SandboxException | RuntimeException e) {
            return move(stopping, SessionState.FAILED, "the sandbox could not be stopped: " + message(e))
                    .orElseGet(() -> current(stopping));
        }
        return move(stopping, SessionState.STOPPED, reason).orElseGet(() -> current(stopping));
    }

    /**
     * Attaches a new viewer to a running session. The session is {@code attached} while at least
     * one viewer is; closing the returned terminal detaches this viewer.
     *
     * @throws SandboxException when the session is not running or the runtime cannot attach
     */
    public Terminal attach(String id, int columns, int rows) throws SandboxException {
        Session s = store.find(id).orElseThrow(() -> new SandboxException("no session " + id));
        Sandbox sandbox = running.get(id);
        if (!s.state().isRunning() || sandbox == null) {
            throw new SandboxException(
                    "session " + id + " is " + s.state().wireName() + ", not running; start a new one");
        }
        Terminal terminal = sandbox.attach(columns, rows);
        AtomicInteger count = viewers.computeIfAbsent(id, k -> new AtomicInteger());
        if (count.incrementAndGet() == 1) {
            move(s, SessionState.ATTACHED, "a terminal attached");
        }
        return new Viewer(terminal, () -> detached(id));
    }

    private void detached(String id) {
        AtomicInteger count = viewers.get(id);
        if (count != null && count.decrementAndGet() == 0) {
            store.find(id)
                    .filter(s -> s.state() == SessionState.ATTACHED)
                    .ifPresent(s -> move(s, SessionState.READY, "the last terminal detached"));
        }
    }

    /**
     * One sweep of the reaper: stops every running session whose absolute TTL has ended, that has
     * been idle longer than its idle TTL, or whose agent has exited. Returns the ids it stopped.
     */
    public List<String> reap() {
        List<String> reaped = new ArrayList<>();
        Instant now = clock.instant();
        for (Session s : store.inStates(SessionState.READY, SessionState.ATTACHED)) {
            Sandbox sandbox = running.get(s.id());
            if (sandbox == null) {
                continue; // started by another server process; its owner reaps it
            }
            String why = null;
            if (!sandbox.alive()) {
                why = "the agent exited";
            } else if (!now.isBefore(s.expiresAt())) {
                why = "its TTL ended at " + s.expiresAt();
            } else if (!now.isBefore(sandbox.lastActivity().plus(s.idleTtl()))) {
                why = "idle for " + Ttl.format(s.idleTtl()) + " (its idle TTL)";
            }
            if (why != null) {
                stop(s.id(), why);
                reaped.add(s.id());
            }
        }
        return reaped;
    }

    /**
     * After a server start: finds the sandbox of every session believed running, or marks the
     * session failed with the reason. A session caught starting or stopping is finished off.
     */
    public void recover() {
        for (Session s : store.inStates(
                SessionState.ADMITTING,
                SessionState.STARTING,
                SessionState.READY,
                SessionState.ATTACHED,
                SessionState.STOPPING)) {
            switch (s.state()) {
                case ADMITTING, STARTING -> {
                    stopQuietly(s);
                    move(s, SessionState.FAILED, "lap-server stopped while the session was starting");
                }
                case STOPPING -> finishStop(s, null, s.reason());
                case READY, ATTACHED -> recoverRunning(s);
                case STOPPED, FAILED -> {}
            }
        }
    }

    private void recoverRunning(Session s) {
        Optional<Sandbox> found;
        try {
            found = runtime.recover(spec(s));
        } catch (SandboxException | RuntimeException e) {
            move(s, SessionState.FAILED, "the sandbox could not be recovered after a restart: " + message(e));
            return;
        }
        if (found.isEmpty()) {
            move(s, SessionState.FAILED, "the sandbox was gone when lap-server restarted");
            return;
        }
        running.put(s.id(), found.get());
        if (s.state() == SessionState.ATTACHED) {
            move(s, SessionState.READY, "lap-server restarted; its terminals were detached");
        }
    }

    private void stopQuietly(Session s) {
        try {
            Optional<Sandbox> left = runtime.recover(spec(s));
            if (left.isPresent()) {
                runtime.stop(left.get(), settings.stopGrace());
            }
        } catch (SandboxException | RuntimeException e) {
            // The session is marked failed anyway; its reason says the start was interrupted.
        }
    }

    /** The sandboxes this process holds, by session id; for the reaper and for metrics. */
    public Map<String, Sandbox> running() {
        return Map.copyOf(running);
    }

    SandboxSpec spec(Session s) throws SandboxException {
        SandboxSpec.AgentLaunch launch = agents.launch(s.agent());
        Optional<URI> repo;
        try {
            repo = s.repo().isEmpty() ? Optional.empty() : Optional.of(URI.create(s.repo()));
        } catch (IllegalArgumentException e) {
            throw new SandboxException("the repository is not a URL: " + s.repo());
        }
        return new SandboxSpec(
                s.id(),
                settings.stateRoot().resolve(s.id()),
                new EgressInput.Session(s.id(), s.user(), s.agent(), s.repo(), Map.of("name", s.name())),
                s.credentials(),
                launch,
                repo,
                s.limits());
    }

    private void inserted(Session s) {
        store.insert(s);
        audit.record(new AuditEvent.SessionChange(actor(s), null, s.state().wireName(), s.reason()));
    }

    private Optional<Session> move(Session s, SessionState to, String reason) {
        Optional<Session> moved = store.transition(s.id(), s.state(), to, reason, clock.instant());
        moved.ifPresent(m ->
                audit.record(new AuditEvent.SessionChange(actor(s), s.state().wireName(), to.wireName(), reason)));
        return moved;
    }

    private Session current(Session s) {
        return store.find(s.id()).orElse(s);
    }

    private static AuditEvent.Actor actor(Session s) {
        return new AuditEvent.Actor(s.id(), s.user(), s.agent());
    }

    private static String message(Exception e) {
        return e instanceof SandboxException && e.getMessage() != null
                ? e.getMessage()
                : e.getClass().getSimpleName();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        IDS.nextBytes(b);
        return b;
    }

    /** A terminal whose close also tells the session one viewer fewer is attached, once. */
    private record Viewer(Terminal terminal, Runnable onClose, AtomicBoolean closed) implements Terminal {
        Viewer(Terminal terminal, Runnable onClose) {
            this(terminal, onClose, new AtomicBoolean());
        }

        @Override
        public java.io.OutputStream input() {
            return terminal.input();
        }

        @Override
        public java.io.InputStream output() {
            return terminal.output();
        }

        @Override
        public void resize(int columns, int rows) {
            terminal.resize(columns, rows);
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                try {
                    terminal.close();
                } finally {
                    onClose.run();
                }
            }
        }
    }
}
