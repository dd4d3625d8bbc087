package dev.lap.vault;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.audit.JsonLinesAuditSink;
import dev.lap.audit.spool.DurableAuditLog;
import dev.lap.audit.store.AuditStoreException;
import dev.lap.vault.policy.EgressInput;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lap-vault}: one egress vault, standalone, until stopped: {@code SIGTERM} or {@code SIGINT}
 * lets the exchanges in flight finish (up to {@link #DRAIN}) and exits 0; {@code SIGHUP} re-reads
 * the credentials file and every value source at once. Logs go to stderr ({@link VaultLogging}).
 */
@Command(
        name = "lap-vault",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one egress vault: a TLS-intercepting proxy that asks data.lap.egress.decision about",
            "every request and swaps stub credentials for real ones only where the policy allows.",
            "On start it writes STATE/ca.crt, STATE/ca-bundle.pem and STATE/stubs.env.",
            "The policy directory and the credentials file (with its value files) are re-read every",
            "2 s; SIGHUP re-reads the credentials at once."
        })
public final class VaultMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("lap-vault");

    /** How long a stop waits for the exchanges in flight. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    @Option(
            names = "--ready-file",
            paramLabel = "FILE",
            description =
                    "once listening, write the listen address to FILE (removed on stop), for supervisors and scripts")
    Path readyFile;

    @Option(names = "--listen", paramLabel = "ADDR", description = "host:port to listen on (default: ${DEFAULT-VALUE})")
    String listen = "127.0.0.1:" + VaultConfig.DEFAULT_PORT;

    @Option(
            names = "--policies",
            paramLabel = "DIR",
            description = "policy bundle directory (default: ./policies, the shipped policies in a checkout)")
    Path policies = Path.of("policies");

    @Option(names = "--credentials", paramLabel = "FILE", description = "credentials file (docs/credentials.md)")
    Path credentials;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "CA, bundle and stubs live here (default: $XDG_STATE_HOME/lap/vault or ~/.local/state/lap/vault)")
    Path stateDir = defaultStateDir();

    @Option(names = "--upstream-ca", paramLabel = "FILE", description = "extra PEM CA trusted upstream (repeatable)")
    List<Path> upstreamCas = new ArrayList<>();

    @Option(names = "--resolve", paramLabel = "HOST:PORT:ADDR", description = "pin a destination address (repeatable)")
    List<String> resolve = new ArrayList<>();

    @Option(
            names = "--connect-to",
            paramLabel = "HOST:PORT:ADDR:PORT2",
            description = "dial ADDR:PORT2 for HOST:PORT, like curl's --connect-to (repeatable)")
    List<String> connectTo = new ArrayList<>();

    @Option(
            names = "--audit",
            paramLabel = "FILE",
            description = "append audit events as JSON lines (default: stdout, unless --audit-db is given)")
    Path audit;

    @Option(
            names = "--audit-db",
            paramLabel = "URL",
            description = "store audit events in PostgreSQL: postgresql://USER@HOST:PORT/DB, password from PGPASSWORD")
    String auditDb;

    @Option(
            names = "--audit-db-migrate",
            paramLabel = "JDBC-URL",
            description = "migrate the audit schema first, as this owner (jdbc:postgresql://OWNER@HOST:PORT/DB;"
                    + " password from LAP_AUDIT_MIGRATE_PASSWORD)")
    String auditDbMigrate;

    @Option(
            names = "--audit-on-failure",
            paramLabel = "refuse|allow",
            description = "while the audit log can keep no event: refuse requests (default) or allow them unrecorded")
    String auditOnFailure = "refuse";

    @Option(
            names = "--metrics",
            paramLabel = "ADDR",
            description = "serve Prometheus metrics at http://ADDR/metrics, e.g. 127.0.0.1:9464")
    String metrics;

    @Option(
            names = "--otlp-endpoint",
            paramLabel = "URL",
            description = "export spans over OTLP/HTTP, e.g. http://localhost:4318")
    String otlpEndpoint;

    @Option(names = "--session-id", paramLabel = "ID", description = "session id given to the policy (default: empty)")
    String sessionId = "";

    @Option(names = "--user", paramLabel = "NAME", description = "user given to the policy")
    String user = "";

    @Option(names = "--agent", paramLabel = "NAME", description = "agent given to the policy")
    String agent = "";

    @Option(names = "--repo", paramLabel = "REPO", description = "repository given to the policy")
    String repo = "";

    public static void main(String[] args) {
        String problems = VaultLogging.configure(System.getenv());
        if (!problems.isEmpty()) {
            LOG.warn(problems);
        }
        System.exit(new CommandLine(new VaultMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address;
        try {
            address = parseListen(listen);
        } catch (IllegalArgumentException e) {
            LOG.error("--listen " + listen + ": " + e.getMessage());
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(policies)) {
            LOG.error("no policy directory at " + policies.toAbsolutePath()
                    + "; pass --policies DIR (the repository ships one in policies/)");
            return 2;
        }
        VaultConfig config = VaultConfig.builder(policies, stateDir)
                .credentials(credentials)
                .listen(address)
                .upstreamCas(upstreamCas)
                .resolvePins(resolve)
                .connectTo(connectTo)
                .session(new EgressInput.Session(sessionId, user, agent, repo, Map.of()))
                .build();
        VaultConfig.AuditFailure onFailure;
        switch (auditOnFailure) {
            case "refuse" -> onFailure = VaultConfig.AuditFailure.REFUSE;
            case "allow" -> onFailure = VaultConfig.AuditFailure.ALLOW;
            default -> {
                LOG.error("--audit-on-failure takes refuse or allow, not " + auditOnFailure);
                return 2;
            }
        }
        config = config.toBuilder().auditOnFailure(onFailure).build();
        DurableAuditLog opened = null;
        if (auditDb != null) {
            try {
                opened = DurableAuditLog.open(
                        new DurableAuditLog.Settings(
                                auditDb,
                                System.getenv("PGPASSWORD"),
                                auditDbMigrate,
                                System.getenv("LAP_AUDIT_MIGRATE_PASSWORD"),
                                stateDir.resolve("private").resolve("audit-signing.key"),
                                stateDir.resolve("audit.spool"),
                                256L << 20),
                        Clock.systemUTC());
            } catch (AuditStoreException | IOException e) {
                LOG.error("--audit-db: " + e.getMessage());
                return 2;
            }
        }
        DurableAuditLog database = opened;
        JsonLinesAuditSink lines = audit == null && database != null
                ? null
                : audit == null
                        ? JsonLinesAuditSink.writingTo(System.out, Clock.systemUTC())
                        : JsonLinesAuditSink.appendingTo(audit, Clock.systemUTC());
        AuditSink sink = both(database, lines);
        InetSocketAddress metricsAddress = null;
        if (metrics != null) {
            try {
                metricsAddress = parseListen(metrics);
            } catch (IllegalArgumentException e) {
                LOG.error("--metrics " + metrics + ": " + e.getMessage());
                closeAudit(database, lines);
                return 2;
            }
        }
        OpenTelemetrySdk sdk;
        try {
            sdk = VaultTelemetry.open(otlpEndpoint, metricsAddress, System.getenv(), Map.of());
        } catch (RuntimeException e) {
            // A bad OTEL_ variable, or the Prometheus server's port in use (it binds at once).
            // The message is not printed: it may quote an OTEL_ variable, and those can hold an
            // exporter's API key (OTEL_EXPORTER_OTLP_HEADERS).
            LOG.error("cannot set up telemetry (" + e.getClass().getSimpleName()
                    + "); check --metrics (a free HOST:PORT), --otlp-endpoint and the OTEL_ variables");
            closeAudit(database, lines);
            return 2;
        }
        OpenTelemetry telemetry = sdk;
        AuditSink auditSink = withLogRecords(sink, telemetry);
        if (database != null) {
            AuditMetrics.register(telemetry, database);
        }
        Vault vault;
        try {
            vault = Vault.start(config, auditSink, telemetry);
        } catch (VaultException e) {
            LOG.error(e.getMessage());
            closeAudit(database, lines);
            sdk.close();
            return 2;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                vault.close(DRAIN);
                closeAudit(database, lines);
                sdk.close();
                deleteReadyFile();
                LOG.info("stopped");
            }
        };
        // A JVM ended by a signal it does not handle exits 128+N; handled, the main thread stops
        // the vault and exits 0 as a clean stop should. The hook covers every other way out.
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "lap-vault-stop"));
        onStopSignals(stopRequested);
        onHangup(vault);
        describe(vault);
        if (readyFile != null && !writeReadyFile(vault)) {
            stop.run();
            return 2;
        }
        stopRequested.await();
        LOG.info("stopping: letting exchanges in flight finish (up to {} s)", DRAIN.toSeconds());
        stop.run();
        return 0;
    }

    /** {@code SIGTERM} and {@code SIGINT} ask the main thread to stop; see {@link #onHangup}. */
    @SuppressWarnings("sunapi")
    private static void onStopSignals(CountDownLatch stopRequested) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> stopRequested.countDown());
            } catch (IllegalArgumentException e) {
                LOG.warn("SIG{} cannot be handled here; it stops the vault without draining", name);
            }
        }
    }

    private boolean writeReadyFile(Vault vault) {
        Path file = readyFile.toAbsolutePath();
        try {
            Path parent = file.getParent();
            Files.createDirectories(parent);
            Path temp = Files.createTempFile(parent, ".ready", ".tmp");
            Files.writeString(temp, Vault.hostPort(vault.address()) + "\n");
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            LOG.error("cannot write --ready-file {}: {}", file, e.getMessage());
            return false;
        }
    }

    private void deleteReadyFile() {
        if (readyFile != null) {
            try {
                Files.deleteIfExists(readyFile);
            } catch (IOException e) {
                LOG.warn("cannot remove --ready-file {}: {}", readyFile.toAbsolutePath(), e.getMessage());
            }
        }
    }

    /** The database and the JSON lines, either or both; accepting only while each one is. */
    private static AuditSink both(@Nullable DurableAuditLog database, @Nullable JsonLinesAuditSink lines) {
        if (database == null) {
            return lines;
        }
        if (lines == null) {
            return database;
        }
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                database.record(event);
                lines.record(event);
            }

            @Override
            public boolean accepting() {
                return database.accepting() && lines.accepting();
            }
        };
    }

    /** The audit events as OTel log records too, when a logs exporter is configured. */
    private static AuditSink withLogRecords(AuditSink sink, OpenTelemetry telemetry) {
        AuditSink logs = VaultTelemetry.logRecords(telemetry);
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) {
                sink.record(event);
                logs.record(event);
            }

            @Override
            public boolean accepting() {
                return sink.accepting();
            }
        };
    }

    private static void closeAudit(@Nullable DurableAuditLog database, @Nullable JsonLinesAuditSink lines) {
        if (lines != null) {
            lines.close();
        }
        if (database != null) {
            try {
                database.close();
            } catch (IOException e) {
                LOG.warn("closing the audit spool: {}", e.getMessage());
            }
        }
    }

    /**
     * {@code SIGHUP} re-reads the credentials. The JDK has no supported signal API; {@code
     * sun.misc.Signal} (module {@code jdk.unsupported}, kept accessible by JEP 260 for exactly this
     * use) needs no flags, no native code and no {@code jdk.internal} export. Where the signal
     * cannot be handled (another OS, or a JVM started with {@code -Xrs}), the 2 s poll still applies.
     * The handler runs on a JVM thread of its own; the reload is synchronised with the poll.
     */
    @SuppressWarnings("sunapi")
    static void onHangup(Vault vault) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> vault.reloadCredentials());
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP cannot be handled here; credentials are still re-read every few seconds");
        }
    }

    private static void describe(Vault vault) {
        String address = Vault.hostPort(vault.address());
        LOG.info("listening on {}", address);
        LOG.info("policy revision {}", vault.policyRevision());
        LOG.info(
                "credentials {}",
                vault.credentialIds().isEmpty() ? "(none)" : String.join(", ", vault.credentialIds()));
        LOG.info(
                "CA {}, bundle {}, stubs {}",
                vault.caCertificate().toAbsolutePath(),
                vault.caBundle().toAbsolutePath(),
                vault.stubsEnv().toAbsolutePath());
        LOG.info(
                "a sandbox needs HTTPS_PROXY=http://{} and SSL_CERT_FILE={} (see docs/vault.md for every client)",
                address,
                vault.caBundle().toAbsolutePath());
    }

    static Path defaultStateDir() {
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("lap").resolve("vault");
    }

    static InetSocketAddress parseListen(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected HOST:PORT, such as 127.0.0.1:14322");
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(value.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the port is not a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port must be 0-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host);
        }
    }
}
