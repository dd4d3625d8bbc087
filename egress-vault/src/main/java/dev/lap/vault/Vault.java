package dev.lap.vault;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.bundle.ReloadingPolicy;
import dev.lap.vault.credentials.Credential;
import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.credentials.CredentialsException;
import dev.lap.vault.credentials.CredentialsFile;
import dev.lap.vault.credentials.LiveCredentials;
import dev.lap.vault.credentials.Rotation;
import dev.lap.vault.host.DestinationResolver;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.host.HostLookup;
import dev.lap.vault.host.ParseResult;
import dev.lap.vault.host.ResolvePin;
import dev.lap.vault.policy.EgressPolicy;
import dev.lap.vault.proxy.ProxyServer;
import dev.lap.vault.tls.CertificateAuthority;
import dev.lap.vault.tls.LeafCertificates;
import dev.lap.vault.tls.UpstreamTls;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running egress vault: its CA and stubs in the state directory, the policy in force (checked
 * for changes every few seconds, keeping the last good bundle when a change does not compile),
 * and the listening proxy. The standalone {@code lap-vault} and lap-server both start vaults
 * through this class.
 */
public final class Vault implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Vault.class);
    public static final String PRIVATE_DIR = "private";

    private final VaultConfig config;
    private final ProxyServer server;
    private final ReloadingPolicy policy;
    private final LiveCredentials credentials;
    private final CredentialsReload credentialsReload;
    private final ScheduledExecutorService reloader;
    private final ExecutorService lookups;

    private Vault(
            VaultConfig config,
            ProxyServer server,
            ReloadingPolicy policy,
            LiveCredentials credentials,
            CredentialsReload credentialsReload,
            ScheduledExecutorService reloader,
            ExecutorService lookups) {
        this.config = config;
        this.server = server;
        this.policy = policy;
        this.credentials = credentials;
        this.credentialsReload = credentialsReload;
        this.reloader = reloader;
        this.lookups = lookups;
    }

    /** Prepares the state directory, loads policy and credentials, and starts serving. */
    public static Vault start(VaultConfig config, AuditSink sink, OpenTelemetry telemetry) throws VaultException {
        return start(config, sink, telemetry, null);
    }

    /**
     * As {@link #start(VaultConfig, AuditSink, OpenTelemetry)}, serving on {@code eventLoops} when
     * given (a NIO group the application owns and shares between vaults: lap-server runs one
     * vault per session); closing the vault then leaves the group running.
     */
    public static Vault start(
            VaultConfig config, AuditSink sink, OpenTelemetry telemetry, @Nullable EventLoopGroup eventLoops)
            throws VaultException {
        // A port in use is the likeliest start-up failure: say so before any state is created.
        if (config.listenSocket() == null) {
            checkListenAddress(config.listen());
        }
        Path state = config.stateDir();
        Path privateDir = state.resolve(PRIVATE_DIR);
        CertificateAuthority ca;
        SslContext upstreamTls;
        try {
            Files.createDirectories(state);
            ca = CertificateAuthority.loadOrCreate(privateDir, "lap egress vault");
            ca.writeTrustFiles(state.resolve("ca.crt"), state.resolve("ca-bundle.pem"));
            upstreamTls = UpstreamTls.clientContext(config.upstreamCas());
        } catch (IOException | RuntimeException e) {
            throw new VaultException("cannot prepare the vault's TLS state in " + state + ": " + e.getMessage(), e);
        }
        Credentials opened = openCredentials(config, privateDir);
        LiveCredentials credentials = new LiveCredentials(
                opened, privateDir, Clock.systemUTC(), config.credentialGrace(), new SecureRandom());
        // Every event's text passes the scrubber here, whichever code path wrote it: a reason can
        // quote an upstream's bytes, and those may carry a real secret in any spelling. The
        // scrubber is the one in force when the event is written, rotated-out values included.
        AuditSink audit = AuditSink.filteringText(
                text -> credentials.get().scrubText(text),
                config.auditOnFailure() == VaultConfig.AuditFailure.ALLOW ? alwaysAccepting(sink) : sink);
        CredentialsReload credentialsReload = new CredentialsReload(
                credentials,
                config.credentials(),
                state.resolve("stubs.env"),
                audit,
                all -> config.granted(all, Credential::id));
        ReloadingPolicy policy;
        try {
            policy = ReloadingPolicy.load(
                    PolicyEngine.builder()
                            .timeout(config.limits().decisionTimeout())
                            .build(),
                    config.policies());
        } catch (RegoException e) {
            throw new VaultException("the policies in " + config.policies() + " do not compile:\n"
                    + e.errors().stream().map(RegoError::render).collect(Collectors.joining("\n")));
        }
        audit.record(new AuditEvent.Policy(
                AuditEvent.PolicyChange.LOADED,
                policy.current().revision(),
                config.policies().toString(),
                null));
        LOG.info("policy revision {} loaded from {}", policy.current().revision(), config.policies());
        warnWithoutEntrypoint(policy, config.policies());
        // DNS lookups and leaf mints: blocking work kept off the event loops.
        ExecutorService lookups = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("lap-vault-blocking-", 0).factory());
        DestinationResolver resolver;
        Map<HostAndPort, InetSocketAddress> connectTo;
        try {
            resolver = new DestinationResolver(HostLookup.system(), lookups, resolvePins(config.resolvePins()));
            connectTo = connectTo(config.connectTo());
        } catch (VaultException e) {
            lookups.shutdown();
            throw e;
        } catch (IllegalArgumentException e) {
            lookups.shutdown();
            throw new VaultException("bad --resolve pins: " + e.getMessage(), e);
        }
        var parts = new ProxyServer.Parts(
                config.limits(),
                config.session(),
                new EgressPolicy(() -> policy.current()),
                credentials,
                new LeafCertificates(ca),
                upstreamTls,
                resolver,
                connectTo,
                audit,
                telemetry.getTracer("dev.lap.vault"),
                telemetry.getMeter("dev.lap.vault"),
                lookups);
        ProxyServer server;
        SocketAddress listen = config.listen();
        try {
            if (config.listenSocket() != null) {
                listen = UnixDomainSocketAddress.of(replaceStaleSocket(config.listenSocket()));
            }
            server = ProxyServer.start(listen, parts, eventLoops, config.threads());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lookups.shutdown();
            throw new VaultException("interrupted while starting", e);
        } catch (Exception e) { // Netty rethrows the socket's checked BindException unchecked
            lookups.shutdown();
            String why = e instanceof BindException || e.getCause() instanceof BindException
                    ? "the address is in use or not available; pick another with --listen"
                    : e.toString();
            throw new VaultException(
                    "cannot listen on " + (listen instanceof InetSocketAddress tcp ? hostPort(tcp) : listen) + ": "
                            + why,
                    e);
        }
        if (config.listenSocket() != null) {
            try {
                // Owner only: the socket is the session's way out (its directory is private too).
                Files.setPosixFilePermissions(config.listenSocket(), PosixFilePermissions.fromString("rw-------"));
            } catch (IOException | UnsupportedOperationException e) {
                server.close();
                lookups.shutdown();
                throw new VaultException("cannot restrict " + config.listenSocket() + " to its owner: " + e, e);
            }
        }
        // Written once the listener accepts: a script waiting for stubs.env may connect at once.
        try {
            opened.writeStubsEnv(state.resolve("stubs.env"));
        } catch (IOException e) {
            server.close();
            lookups.shutdown();
            throw new VaultException("cannot write " + state.resolve("stubs.env") + ": " + e.getMessage(), e);
        }
        ScheduledExecutorService reloader = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("lap-vault-policy-reload").factory());
        if (config.policyReloadSeconds() > 0) {
            reloader.scheduleWithFixedDelay(
                    () -> reload(policy, audit, config.policies()),
                    config.policyReloadSeconds(),
                    config.policyReloadSeconds(),
                    TimeUnit.SECONDS);
            // Same schedule for the credentials file and its value files; re-reading them is
            // cheap, and comparing what was read (not timestamps) also sees a same-second rewrite.
            reloader.scheduleWithFixedDelay(
                    credentialsReload::check,
                    config.policyReloadSeconds(),
                    config.policyReloadSeconds(),
                    TimeUnit.SECONDS);
        }
        return new Vault(config, server, policy, credentials, credentialsReload, reloader, lookups);
    }

    /**
     * A socket file left by a vault that did not close (a server that was killed) is removed
     * before binding; anything else at that path is refused rather than deleted.
     */
    private static Path replaceStaleSocket(Path socket) throws IOException {
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & 0170000) != 0140000) {
                throw new IOException(socket + " exists and is not a socket; remove it or choose another path");
            }
            Files.delete(socket);
        }
        return socket;
    }

    private static Credentials openCredentials(VaultConfig config, Path privateDir) throws VaultException {
        List<Credential> list = List.of();
        Path file = config.credentials();
        if (file != null) {
            switch (CredentialsFile.read(file)) {
                case CredentialsFile.Loaded loaded -> list = config.granted(loaded.credentials(), Credential::id);
                case CredentialsFile.Invalid invalid ->
                    throw new VaultException("the credentials file is not valid:\n" + invalid.render());
            }
        }
        try {
            return Credentials.open(list, privateDir);
        } catch (CredentialsException e) {
            throw new VaultException("cannot issue stubs: " + e.getMessage(), e);
        }
    }

    private static List<ResolvePin> resolvePins(List<String> specs) throws VaultException {
        List<ResolvePin> pins = new ArrayList<>();
        for (String spec : specs) {
            switch (ResolvePin.parse(spec)) {
                case ParseResult.Ok<ResolvePin> ok -> pins.add(ok.value());
                case ParseResult.Invalid<ResolvePin> bad -> throw new VaultException("--resolve: " + bad.reason());
            }
        }
        return pins;
    }

    /** {@code HOST:PORT:ADDR:PORT2}: the last colon splits off the port to dial. */
    static Map<HostAndPort, InetSocketAddress> connectTo(List<String> specs) throws VaultException {
        Map<HostAndPort, InetSocketAddress> map = new LinkedHashMap<>();
        for (String spec : specs) {
            int last = spec.lastIndexOf(':');
            if (last < 0) {
                throw new VaultException("--connect-to '" + spec + "': expected HOST:PORT:ADDR:PORT2");
            }
            if (!(ResolvePin.parse(spec.substring(0, last)) instanceof ParseResult.Ok<ResolvePin> pin)) {
                throw new VaultException("--connect-to '" + spec + "': expected HOST:PORT:ADDR:PORT2 with an IP ADDR");
            }
            int port;
            try {
                port = Integer.parseInt(spec.substring(last + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new VaultException("--connect-to '" + spec + "': PORT2 must be a number from 1 to 65535");
            }
            if (map.put(
                            pin.value().target(),
                            new InetSocketAddress(pin.value().addresses().get(0), port))
                    != null) {
                throw new VaultException(
                        "--connect-to: two pins for " + pin.value().target());
            }
        }
        return Map.copyOf(map);
    }

    /** {@code audit.on-failure: allow}: the proxy goes on while the sink cannot keep events. */
    private static AuditSink alwaysAccepting(AuditSink sink) {
        return sink::record;
    }

    private static void reload(ReloadingPolicy policy, AuditSink audit, Path dir) {
        switch (policy.reload()) {
            case ReloadingPolicy.Outcome.Unchanged u -> {}
            case ReloadingPolicy.Outcome.Reloaded r -> {
                audit.record(
                        new AuditEvent.Policy(AuditEvent.PolicyChange.RELOADED, r.revision(), dir.toString(), null));
                LOG.info("policy revision {} reloaded from {}", r.revision(), dir);
                warnWithoutEntrypoint(policy, dir);
            }
            case ReloadingPolicy.Outcome.Rejected r -> {
                String errors = r.errors().stream().map(RegoError::render).collect(Collectors.joining("\n"));
                audit.record(new AuditEvent.Policy(
                        AuditEvent.PolicyChange.REJECTED, r.keptRevision(), dir.toString(), errors));
                LOG.warn(
                        "the edited policies in {} do not compile; revision {} stays in force until they do:\n{}",
                        dir,
                        r.keptRevision(),
                        errors);
            }
        }
    }

    /**
     * A policy without the decision rule compiles, and then refuses every request as undefined:
     * correct, but a silent start would leave an operator guessing why.
     */
    private static void warnWithoutEntrypoint(ReloadingPolicy policy, Path dir) {
        if (!EgressPolicy.defines(policy.current())) {
            LOG.warn(
                    "the policies in {} define no {}: every request will be refused; see docs/vault.md for the contract",
                    dir,
                    EgressPolicy.ENTRYPOINT);
        }
    }

    /** Binds and releases the address, so that a port in use is reported before any state exists. */
    private static void checkListenAddress(InetSocketAddress address) throws VaultException {
        if (address.getPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as Netty's listener will, so TIME_WAIT leftovers do not count
            probe.bind(address);
        } catch (IOException e) {
            throw new VaultException("cannot listen on " + hostPort(address)
                    + ": the address is in use or not available; pick another with --listen");
        }
    }

    /** {@code 127.0.0.1:14322}, {@code [::1]:14322}: not {@link InetSocketAddress#toString()}'s {@code /127.0.0.1:14322}. */
    static String hostPort(InetSocketAddress address) {
        String host = address.getAddress() == null
                ? address.getHostString()
                : address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    /** The TCP address the vault listens on; see {@link #socketAddress()} for a Unix socket. */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Where the vault listens: a TCP address or a Unix domain socket. */
    public SocketAddress socketAddress() {
        return server.socketAddress();
    }

    public String policyRevision() {
        return policy.current().revision();
    }

    public Path caCertificate() {
        return config.stateDir().resolve("ca.crt");
    }

    public Path caBundle() {
        return config.stateDir().resolve("ca-bundle.pem");
    }

    public Path stubsEnv() {
        return config.stateDir().resolve("stubs.env");
    }

    /** The credential ids this vault holds, in file order. */
    public List<String> credentialIds() {
        return credentials.get().credentials().stream().map(Credential::id).toList();
    }

    /**
     * Puts {@code next} in force for every request that starts from now on (lap-server's API calls
     * this). A credential keeps its stub when its id and variable are unchanged; the old value is
     * still scrubbed from responses for the configured grace period. The change, or the reason it
     * was refused (the credentials in force then stay), is audited with fingerprints only.
     */
    public Rotation replaceCredentials(List<Credential> next) {
        return credentialsReload.replace(next);
    }

    /**
     * Reads the credentials file and its sources again now (the standalone vault does this on
     * {@code SIGHUP}); the same happens on the reload schedule.
     */
    public void reloadCredentials() {
        credentialsReload.check();
    }

    /**
     * The environment a sandbox needs to reach the world through this vault: every proxy variable
     * a client reads, every CA variable pointing at the bundle, and the stubs (CLIENTS.md lists
     * which client reads which).
     */
    public Map<String, String> sandboxEnvironment() {
        return sandboxEnvironment(
                "http://" + address().getAddress().getHostAddress() + ":"
                        + address().getPort(),
                caBundle().toAbsolutePath().toString());
    }

    /**
     * The same for a sandbox that reaches this vault at {@code proxy} (a bridge to the vault's
     * Unix socket) and reads the CA bundle at {@code bundle}, paths as the sandbox sees them.
     */
    public Map<String, String> sandboxEnvironment(String proxy, String bundle) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")) {
            env.put(name, proxy);
        }
        for (String name : List.of(
                "SSL_CERT_FILE",
                "CURL_CA_BUNDLE",
                "REQUESTS_CA_BUNDLE",
                "NODE_EXTRA_CA_CERTS",
                "GIT_SSL_CAINFO",
                "CODEX_CA_CERTIFICATE")) {
            env.put(name, bundle);
        }
        env.putAll(credentials.get().stubEnvironment());
        return env;
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops: no new connection is accepted, exchanges in flight get up to {@code drain} to finish
     * their responses, then everything closes.
     */
    public void close(Duration drain) {
        reloader.shutdownNow();
        server.close(drain);
        lookups.shutdownNow();
    }
}
