package dev.lap.vault.it;

import dev.lap.audit.AuditEvent;
import dev.lap.vault.Vault;
import dev.lap.vault.VaultConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A vault started in-process against fake upstreams: real TLS on both sides, real clients, the
 * audit events kept in a list. Upstream host names are mapped to the fake's port with
 * {@code --connect-to}, so clients and the policy see the real names and port 443.
 */
final class VaultHarness implements AutoCloseable {
    static final List<String> HOSTS = List.of("api.github.com", "github.com", "registry.npmjs.org", "example.com");
    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    final Path dir;
    final String realToken;
    final TestPki pki;
    final FakeUpstream upstream;
    final Vault vault;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();
    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    /** The vault's telemetry: its spans above, and the meter provider with the readers given. */
    final OpenTelemetrySdk telemetry;
    /** A second sink every event also goes to (a database), when set. */
    volatile dev.lap.audit.@org.jspecify.annotations.Nullable AuditSink alsoTo;
    /** What the vault's sink answers to {@code accepting()}: false plays an audit outage. */
    volatile boolean auditAccepting = true;

    VaultHarness(Path dir, Path policies, String credentialsYaml, List<String> extraPins) throws Exception {
        this(dir, policies, credentialsYaml, extraPins, c -> c);
    }

    VaultHarness(
            Path dir,
            Path policies,
            String credentialsYaml,
            List<String> extraPins,
            java.util.function.UnaryOperator<VaultConfig> customise)
            throws Exception {
        this(dir, policies, credentialsYaml, extraPins, customise, List.of());
    }

    /** With metric readers (a Prometheus endpoint) on the vault's meter provider. */
    VaultHarness(
            Path dir,
            Path policies,
            String credentialsYaml,
            List<String> extraPins,
            java.util.function.UnaryOperator<VaultConfig> customise,
            List<io.opentelemetry.sdk.metrics.export.MetricReader> readers)
            throws Exception {
        this(dir, policies, credentialsYaml, extraPins, customise, readers, null);
    }

    /** With the application's own telemetry instead of the in-memory span exporter. */
    VaultHarness(
            Path dir,
            Path policies,
            String credentialsYaml,
            List<String> extraPins,
            java.util.function.UnaryOperator<VaultConfig> customise,
            List<io.opentelemetry.sdk.metrics.export.MetricReader> readers,
            @org.jspecify.annotations.Nullable OpenTelemetrySdk given)
            throws Exception {
        this.dir = dir;
        this.realToken = "ghp_" + random(36);
        Files.writeString(dir.resolve("real-github-token"), realToken + "\n");
        Files.writeString(dir.resolve("credentials.yaml"), credentialsYaml.replace("@DIR@", dir.toString()));
        this.pki = TestPki.create(dir, HOSTS);
        Path gitRoot = Files.createDirectories(dir.resolve("git-root"));
        this.upstream = new FakeUpstream(pki, realToken, gitRoot);
        List<String> pins = new ArrayList<>();
        for (String host : HOSTS) {
            pins.add(host + ":443:127.0.0.1:" + upstream.port());
            pins.add(host + ":80:127.0.0.1:" + upstream.plainPort());
        }
        pins.addAll(extraPins);
        VaultConfig config = VaultConfig.builder(policies, dir.resolve("state"))
                .credentials(dir.resolve("credentials.yaml"))
                .listen(new InetSocketAddress("127.0.0.1", 0))
                .upstreamCas(List.of(pki.caPem))
                .connectTo(pins)
                .build();
        config = customise.apply(config);
        var tracing = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(spans))
                .build();
        this.telemetry = given != null
                ? given
                : OpenTelemetrySdk.builder()
                        .setTracerProvider(tracing)
                        .setMeterProvider(meters(readers))
                        .build();
        this.vault = Vault.start(
                config,
                new dev.lap.audit.AuditSink() {
                    @Override
                    public void record(AuditEvent event) {
                        audit.add(event);
                        var also = alsoTo;
                        if (also != null) {
                            also.record(event);
                        }
                    }

                    @Override
                    public boolean accepting() {
                        var also = alsoTo;
                        return auditAccepting && (also == null || also.accepting());
                    }
                },
                telemetry);
    }

    private static io.opentelemetry.sdk.metrics.SdkMeterProvider meters(
            List<io.opentelemetry.sdk.metrics.export.MetricReader> readers) {
        var b = io.opentelemetry.sdk.metrics.SdkMeterProvider.builder();
        readers.forEach(b::registerMetricReader);
        return b.build();
    }

    static String random(int n) {
        var r = new SecureRandom();
        var b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALPHANUMERIC.charAt(r.nextInt(ALPHANUMERIC.length())));
        }
        return b.toString();
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + vault.address().getPort();
    }

    String stub(String env) {
        return vault.sandboxEnvironment().get(env);
    }

    /** A client environment with the proxy, the CA variables named, and HOME in the test dir. */
    Client client(String... caVariables) throws Exception {
        Path home = Files.createTempDirectory(dir, "home");
        var env = new java.util.LinkedHashMap<String, String>();
        env.put("HTTPS_PROXY", proxyUrl());
        env.put("https_proxy", proxyUrl());
        env.put("http_proxy", proxyUrl());
        for (String v : caVariables) {
            env.put(v, vault.caBundle().toString());
        }
        return new Client(home, Map.copyOf(env));
    }

    <T extends AuditEvent> List<T> events(Class<T> kind) {
        return audit.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /**
     * Opens a tunnel by hand: CONNECT {@code connectHost}, then TLS with {@code sni} (null for none),
     * trusting only the vault's CA. For requests no well-behaved client would send.
     */
    SSLSocket tunnel(String connectHost, String sni) throws Exception {
        Socket raw = new Socket("127.0.0.1", vault.address().getPort());
        raw.setSoTimeout(20_000);
        OutputStream out = raw.getOutputStream();
        out.write(("CONNECT " + connectHost + ":443 HTTP/1.1\r\nHost: " + connectHost + ":443\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String reply = readHead(raw.getInputStream());
        if (!reply.startsWith("HTTP/1.1 200")) {
            throw new AssertionError("CONNECT refused: " + reply);
        }
        SSLSocket tls = (SSLSocket) trustingTheVault().getSocketFactory().createSocket(raw, connectHost, 443, true);
        var params = tls.getSSLParameters();
        params.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    /** A TLS context that trusts the vault's CA and nothing else, as a sandbox's client would. */
    SSLContext trustingTheVault() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (var in = Files.newInputStream(vault.caCertificate())) {
            trust.setCertificateEntry(
                    "vault", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Sends raw bytes in the tunnel and returns everything until the vault closes it or 20 s pass. */
    static String exchange(SSLSocket tls, String request) throws Exception {
        tls.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        tls.getOutputStream().flush();
        return readHead(tls.getInputStream()) + "\r\n\r\n" + readSome(tls.getInputStream());
    }

    private static String readSome(InputStream in) throws Exception {
        byte[] buf = new byte[8192];
        int n = in.read(buf);
        return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    static String readHead(InputStream in) throws Exception {
        var b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            b.append((char) c);
            if (b.length() >= 4 && b.substring(b.length() - 4).equals("\r\n\r\n")) {
                return b.substring(0, b.length() - 4);
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        vault.close();
        upstream.close();
    }
}
