package dev.lap.sandbox.runtime.local;

import dev.lap.audit.AuditSink;
import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.SandboxSpec;
import dev.lap.vault.Vault;
import dev.lap.vault.VaultConfig;
import dev.lap.vault.VaultException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.opentelemetry.api.OpenTelemetry;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Sandboxes on this machine with bubblewrap, no daemon: each is started detached from the server
 * (its own session, not {@code --die-with-parent}), so it keeps running when the server stops,
 * and {@link #recover} finds it again by its tmux socket and its recorded init process. Every
 * session's vault is embedded here, on one event loop group, behind the session's Unix socket.
 */
public final class LocalRuntime implements SandboxRuntime {
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
    private static final List<String> SYSTEM_PATH = List.of("/usr/local/bin", "/usr/bin", "/bin");

    /**
     * Joins the sandbox's cgroups, then becomes bubblewrap with fd 3 on the info file. It runs
     * under {@code setsid}: the sandbox is in a session of its own, away from the server's.
     */
    private static final String LAUNCHER = """
            for f in $LAP_CGROUP_PROCS; do echo $$ > "$f" || exit 125; done
            exec "$@" 3> "$LAP_INFO"
            """;

    private final LocalRuntimeConfig config;
    private final AuditSink audit;
    private final OpenTelemetry telemetry;
    private final String bwrap;
    private final EventLoopGroup eventLoops;
    private final Clock clock;
    private final Map<String, LocalSandbox> sandboxes = new ConcurrentHashMap<>();

    private LocalRuntime(
            LocalRuntimeConfig config, AuditSink audit, OpenTelemetry telemetry, String bwrap, Clock clock) {
        this.config = config;
        this.audit = audit;
        this.telemetry = telemetry;
        this.bwrap = bwrap;
        this.clock = clock;
        this.eventLoops = new MultiThreadIoEventLoopGroup(
                config.eventLoopThreads(),
                Thread.ofPlatform().daemon().name("lap-vaults-", 0).factory(),
                NioIoHandler.newFactory());
    }

    /**
     * A runtime, once bubblewrap, tmux and socat are installed and bubblewrap can make a sandbox
     * here; otherwise the exception says what is missing and how to install it.
     */
    public static LocalRuntime open(LocalRuntimeConfig config, AuditSink audit, OpenTelemetry telemetry)
            throws SandboxException {
        String bwrap = checkHost();
        return new LocalRuntime(config, audit, telemetry, bwrap, Clock.systemUTC());
    }

    /** Why sandboxes cannot run on this machine, or empty if they can (tests skip on this). */
    public static Optional<String> unusable() {
        try {
            checkHost();
            return Optional.empty();
        } catch (SandboxException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String checkHost() throws SandboxException {
        String bwrap = find("bwrap", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"))
                .orElseThrow(() -> new SandboxException(
                        "bubblewrap (bwrap) is not installed; install it with: apt-get install bubblewrap"));
        for (String tool : List.of("tmux", "socat")) {
            if (find(tool, String.join(":", SYSTEM_PATH)).isEmpty()) {
                throw new SandboxException(tool
                        + " is not installed in /usr (sandboxes run it); install it with: apt-get install " + tool);
            }
        }
        try {
            Process p = new ProcessBuilder(
                            bwrap,
                            "--unshare-all",
                            "--unshare-user",
                            "--disable-userns",
                            "--cap-drop",
                            "ALL",
                            "--ro-bind",
                            "/usr",
                            "/usr",
                            "--symlink",
                            "usr/bin",
                            "/bin",
                            "--symlink",
                            "usr/lib",
                            "/lib",
                            "--symlink",
                            "usr/lib64",
                            "/lib64",
                            "--",
                            "/usr/bin/true")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new SandboxException("bubblewrap cannot create a sandbox here (" + out
                        + "); it needs unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1)"
                        + " or to run as root");
            }
        } catch (IOException e) {
            throw new SandboxException("cannot run bubblewrap: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while checking bubblewrap", e);
        }
        return bwrap;
    }

    static Optional<String> find(String tool, String path) {
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return Optional.of(Path.of(dir, tool).toString());
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public Sandbox start(SandboxSpec spec) throws SandboxException {
        String id = checkId(spec);
        if (sandboxes.containsKey(id)) {
            throw new SandboxException("session " + id + " already has a running sandbox");
        }
        Layout layout = new Layout(spec.stateDir());
        Tmux tmux = new Tmux(bwrap, layout);
        try {
            layout.create();
            for (Path stale : List.of(layout.ready(), layout.info(), layout.processRecord(), layout.cloneLog())) {
                Files.deleteIfExists(stale);
            }
        } catch (IOException e) {
            throw new SandboxException("cannot prepare the state directory " + layout.stateDir() + ": " + e, e);
        }
        if (tmux.listening()) {
            throw new SandboxException("a sandbox for session " + id + " is already running in " + layout.stateDir()
                    + "; recover it instead of starting another");
        }
        Cgroups.Limits limits = Cgroups.apply(id, spec.limits());
        Vault vault = null;
        Process launcher = null;
        try {
            vault = startVault(spec, layout);
            Map<String, String> env = environment(spec, vault);
            SandboxFiles.write(layout, spec, vault.caBundle(), vault.caCertificate(), env.containsKey("GITHUB_TOKEN"));
            List<String> argv = Bwrap.sandbox(
                    bwrap, layout, "lap-" + id.substring(0, Math.min(8, id.length())), env, config.extraReadOnly());
            launcher = launch(argv, layout, limits.procs());
            SandboxProcess process = awaitReady(launcher, layout, spec);
            process.write(layout.processRecord());
            var sandbox = new LocalSandbox(id, layout, process, vault, tmux, limits.dirs(), limits.unenforced(), clock);
            sandboxes.put(id, sandbox);
            return sandbox;
        } catch (SandboxException | IOException | RuntimeException e) {
            SandboxProcess.fromInfo(layout.info()).ifPresent(SandboxProcess::kill);
            if (launcher != null) {
                launcher.destroyForcibly();
                awaitExit(launcher);
            }
            if (vault != null) {
                vault.close();
            }
            Cgroups.remove(limits.dirs());
            if (e instanceof SandboxException se) {
                throw se;
            }
            throw new SandboxException("cannot start the sandbox of session " + id + ": " + e, e);
        }
    }

    @Override
    public Optional<Sandbox> recover(SandboxSpec spec) throws SandboxException {
        String id = checkId(spec);
        LocalSandbox known = sandboxes.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Layout layout = new Layout(spec.stateDir());
        Tmux tmux = new Tmux(bwrap, layout);
        Optional<SandboxProcess> process =
                SandboxProcess.read(layout.processRecord()).filter(SandboxProcess::running);
        if (process.isEmpty() || !tmux.listening()) {
            process.ifPresent(SandboxProcess::kill);
            Cgroups.remove(Cgroups.apply(id, SandboxSpec.ResourceLimits.DEFAULT).dirs());
            return Optional.empty();
        }
        // Re-applying the limits finds the sandbox's cgroups again (it is already in them).
        Cgroups.Limits limits = Cgroups.apply(id, spec.limits());
        Vault vault = startVault(spec, layout);
        var sandbox =
                new LocalSandbox(id, layout, process.get(), vault, tmux, limits.dirs(), limits.unenforced(), clock);
        sandboxes.put(id, sandbox);
        return Optional.of(sandbox);
    }

    /**
     * Ends the tmux server from inside (the sandbox's init is tmux, so the sandbox ends with it),
     * waits up to {@code grace}, then kills the sandbox's init, which ends its pid namespace.
     */
    @Override
    public void stop(Sandbox sandbox, Duration grace) throws SandboxException {
        if (!(sandbox instanceof LocalSandbox s)) {
            throw new SandboxException("session " + sandbox.sessionId() + " was not started by the local runtime");
        }
        try {
            if (s.process().running() && s.tmux().listening()) {
                s.tmux().run(List.of("kill-server"), Math.max(1000, grace.toMillis()));
            }
            Instant deadline = clock.instant().plus(grace);
            while (s.process().running() && clock.instant().isBefore(deadline)) {
                Thread.sleep(10);
            }
            s.process().kill();
            Instant killed = clock.instant().plusSeconds(5);
            while (s.process().running() && clock.instant().isBefore(killed)) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            s.process().kill();
        } finally {
            s.vault().close();
            sandboxes.remove(s.sessionId(), s);
            Cgroups.remove(s.cgroups());
            try {
                Files.deleteIfExists(s.layout().ready());
                Files.deleteIfExists(s.layout().processRecord());
            } catch (IOException e) {
                // Stale markers are harmless: start deletes them and recover checks the process.
            }
        }
    }

    /** Closes every session's vault and the shared event loops; the sandboxes keep running. */
    @Override
    public void close() {
        for (LocalSandbox s : new ArrayList<>(sandboxes.values())) {
            s.vault().close();
        }
        sandboxes.clear();
        eventLoops.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String checkId(SandboxSpec spec) throws SandboxException {
        if (!SESSION_ID.matcher(spec.sessionId()).matches()) {
            throw new SandboxException("session id '" + spec.sessionId()
                    + "' cannot name a sandbox: use letters, digits, '-' and '_' (at most 63)");
        }
        if (!spec.stateDir().isAbsolute()) {
            throw new SandboxException("the state directory " + spec.stateDir() + " must be an absolute path");
        }
        return spec.sessionId();
    }

    private Vault startVault(SandboxSpec spec, Layout layout) throws SandboxException {
        VaultConfig vc = VaultConfig.builder(config.policies(), layout.vault())
                .credentials(config.credentials())
                .grantedCredentials(spec.grantedCredentials())
                .listenSocket(layout.vaultSocket())
                .upstreamCas(config.upstreamCas())
                .resolvePins(config.resolvePins())
                .connectTo(config.connectTo())
                .session(spec.session())
                .policyReloadSeconds(config.policyReloadSeconds())
                .build();
        try {
            return Vault.start(vc, audit, telemetry, eventLoops);
        } catch (VaultException e) {
            throw new SandboxException(
                    "cannot start the vault of session " + spec.sessionId() + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the sandbox's processes see: a plain login environment, the agent's own variables, and
     * last (so nothing overrides them) the vault's proxy, CA and stub variables, with a trust
     * store and proxy for Java clients.
     */
    private Map<String, String> environment(SandboxSpec spec, Vault vault) {
        Map<String, String> env = new LinkedHashMap<>();
        List<String> path = new ArrayList<>();
        config.extraReadOnly().forEach(p -> path.add(p.resolve("bin").toString()));
        path.addAll(SYSTEM_PATH);
        env.put("PATH", String.join(":", path));
        env.put("HOME", Layout.HOME_IN);
        env.put("USER", "agent");
        env.put("LOGNAME", "agent");
        env.put("SHELL", "/bin/bash");
        env.put("LANG", "C.UTF-8");
        env.put("TMPDIR", "/tmp");
        env.put("LAP_SESSION", spec.sessionId());
        spec.repo().ifPresent(repo -> {
            env.put("LAP_REPO", repo.toString());
            env.put("LAP_REPO_DIR", SandboxFiles.repoDirectory(repo));
        });
        env.putAll(spec.agent().environment());
        env.putAll(vault.sandboxEnvironment(Layout.PROXY, Layout.CA_BUNDLE_IN));
        env.put(
                "JAVA_TOOL_OPTIONS",
                "-Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=14322 -Dhttp.proxyHost=127.0.0.1"
                        + " -Dhttp.proxyPort=14322 -Djavax.net.ssl.trustStore=" + Layout.TRUST_STORE_IN
                        + " -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword="
                        + SandboxFiles.TRUST_STORE_PASSWORD);
        return env;
    }

    private static Process launch(List<String> bwrapArgv, Layout layout, List<Path> cgroupProcs) throws IOException {
        List<String> argv = new ArrayList<>(List.of("setsid", "/bin/sh", "-c", LAUNCHER, "lap-sandbox"));
        argv.addAll(bwrapArgv);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(layout.log().toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LAP_INFO", layout.info().toString());
        pb.environment()
                .put(
                        "LAP_CGROUP_PROCS",
                        String.join(
                                " ", cgroupProcs.stream().map(Path::toString).toList()));
        return pb.start();
    }

    /** Waits for the agent's pane to start (the ready marker) or the sandbox to end. */
    private SandboxProcess awaitReady(Process launcher, Layout layout, SandboxSpec spec)
            throws SandboxException, IOException {
        Instant deadline = clock.instant().plus(spec.limits().startTimeout());
        SandboxProcess process = null;
        try {
            while (clock.instant().isBefore(deadline)) {
                if (process == null) {
                    process = SandboxProcess.fromInfo(layout.info()).orElse(null);
                }
                if (process != null && Files.exists(layout.ready())) {
                    return process;
                }
                if (!launcher.isAlive()) {
                    throw failed(launcher.exitValue(), layout, spec);
                }
                Thread.sleep(2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while starting the sandbox of session " + spec.sessionId(), e);
        }
        throw new SandboxException("the sandbox of session " + spec.sessionId() + " was not ready within "
                + spec.limits().startTimeout() + (process == null ? " (bubblewrap never started it)" : "")
                + ": " + tail(layout.log()));
    }

    private static SandboxException failed(int exit, Layout layout, SandboxSpec spec) throws IOException {
        if (exit == 3 && spec.repo().isPresent()) {
            return new SandboxException(
                    "cloning " + spec.repo().get() + " through the session's vault failed: " + tail(layout.cloneLog()));
        }
        return new SandboxException("the sandbox of session " + spec.sessionId() + " ended while starting (exit " + exit
                + "): " + tail(layout.log()));
    }

    private static String tail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return "(no output)";
        }
        String text = Files.readString(file).strip();
        return text.length() > 600 ? "…" + text.substring(text.length() - 600) : text;
    }

    private static void awaitExit(Process p) {
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
