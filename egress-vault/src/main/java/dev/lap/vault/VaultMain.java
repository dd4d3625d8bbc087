package dev.lap.vault;

import dev.lap.audit.JsonLinesAuditSink;
import dev.lap.vault.policy.EgressInput;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lap-vault}: one egress vault, standalone, until stopped (SIGINT/SIGTERM); {@code SIGHUP}
 * re-reads the credentials file and every value source at once.
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

    @Option(names = "--audit", paramLabel = "FILE", description = "append audit events as JSON lines (default: stdout)")
    Path audit;

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
        System.exit(new CommandLine(new VaultMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        InetSocketAddress address;
        try {
            address = parseListen(listen);
        } catch (IllegalArgumentException e) {
            err.println("lap-vault: --listen " + listen + ": " + e.getMessage());
            return 2;
        }
        if (!java.nio.file.Files.isDirectory(policies)) {
            err.println("lap-vault: no policy directory at " + policies.toAbsolutePath()
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
        JsonLinesAuditSink sink = audit == null
                ? JsonLinesAuditSink.writingTo(System.out, Clock.systemUTC())
                : JsonLinesAuditSink.appendingTo(audit, Clock.systemUTC());
        OpenTelemetrySdk sdk = otlpEndpoint == null ? null : telemetry(otlpEndpoint);
        OpenTelemetry telemetry = sdk == null ? OpenTelemetry.noop() : sdk;
        Vault vault;
        try {
            vault = Vault.start(config, sink, telemetry);
        } catch (VaultException e) {
            err.println("lap-vault: " + e.getMessage());
            sink.close();
            if (sdk != null) {
                sdk.close();
            }
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vault.close();
            sink.close();
            if (sdk != null) {
                sdk.close();
            }
            stopped.countDown();
        }));
        onHangup(err, vault);
        describe(err, vault);
        stopped.await();
        return 0;
    }

    /**
     * {@code SIGHUP} re-reads the credentials. The JDK has no supported signal API; {@code
     * sun.misc.Signal} (module {@code jdk.unsupported}, kept accessible by JEP 260 for exactly this
     * use) needs no flags, no native code and no {@code jdk.internal} export. Where the signal
     * cannot be handled (another OS, or a JVM started with {@code -Xrs}), the 2 s poll still applies.
     * The handler runs on a JVM thread of its own; the reload is synchronised with the poll.
     */
    @SuppressWarnings("sunapi")
    static void onHangup(PrintStream err, Vault vault) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> vault.reloadCredentials());
        } catch (IllegalArgumentException e) {
            err.println("lap-vault: SIGHUP cannot be handled here; credentials are still re-read every few seconds");
        }
    }

    private static void describe(PrintStream err, Vault vault) {
        var a = vault.address();
        err.println("lap-vault: listening on " + a.getAddress().getHostAddress() + ":" + a.getPort());
        err.println("lap-vault: policy revision " + vault.policyRevision());
        err.println("lap-vault: credentials "
                + (vault.credentialIds().isEmpty() ? "(none)" : String.join(", ", vault.credentialIds())));
        err.println("lap-vault: CA " + vault.caCertificate() + ", bundle " + vault.caBundle() + ", stubs "
                + vault.stubsEnv());
        err.println("lap-vault: a sandbox needs HTTPS_PROXY=http://"
                + a.getAddress().getHostAddress() + ":" + a.getPort() + " and SSL_CERT_FILE=" + vault.caBundle()
                + " (see docs/vault.md for every client)");
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

    private static OpenTelemetrySdk telemetry(String endpoint) {
        var exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(endpoint.endsWith("/v1/traces") ? endpoint : endpoint.replaceAll("/$", "") + "/v1/traces")
                .build();
        var tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                io.opentelemetry.api.common.AttributeKey.stringKey("service.name"), "lap-vault"))))
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                .build();
        return OpenTelemetrySdk.builder().setTracerProvider(tracing).build();
    }
}
