package dev.lap.vault.bench;

import dev.lap.vault.it.TestPki;
import dev.lap.vault.tls.CertificateAuthority;
import dev.lap.vault.tls.LeafCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.HdrHistogram.Histogram;

/**
 * The egress vault's benchmark (not a test): keep-alive HTTPS GETs to a local upstream, straight,
 * through {@code bin/lap-vault} (a separate process) and through {@code mitmdump} running an
 * equivalent header-swap addon; then the cost of a tunnel to a host the vault has no leaf for
 * yet; then the vault's memory with 1,000 tunnels open. Prints a Markdown report (also written to
 * {@code egress-vault/target/bench-vault/<run>/report.md}). How to run it: docs/benchmarks.md.
 *
 * <p>Every request is checked: {@code GET /user} answers 200 only when the upstream received the
 * real token, so a 200 through a proxy proves the stub was swapped; any other answer is an error
 * and is reported.
 */
public final class VaultLoad {
    static final String GITHUB = "api.github.com";
    private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final int TIMEOUT_MILLIS = 30_000;

    // --- options -------------------------------------------------------------------------------
    private int connections = 50;
    private int warmupSeconds = 5;
    private int durationSeconds = 20;
    private int latencyWarmupSeconds = 3;
    private int latencySeconds = 10;
    private int rounds = 3;
    private int prewarmSeconds = 20;
    private int newHosts = 20;
    private int tunnels = 1000;
    private boolean keepAudit;
    private List<String> modes = List.of("direct", "vault", "mitmproxy");
    private List<String> phases = List.of("handshake", "load", "http2", "memory");
    private String vaultJavaOpts = "-Xmx256m";
    private Path root;
    private Path out;

    // --- state ---------------------------------------------------------------------------------
    private final StringBuilder report = new StringBuilder();
    private Path runDir;
    private String realToken;
    private String stub;
    private TestPki pki;
    private BenchUpstream upstream;
    private Path policies;
    private Path credentials;
    private Path mitmConfdir;

    public static void main(String[] args) throws Exception {
        var load = new VaultLoad();
        load.parse(args);
        try {
            load.run();
        } finally {
            // stray non-daemon threads must not keep a finished benchmark alive
            System.out.flush();
        }
        System.exit(0);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--connections" -> connections = Integer.parseInt(v);
                case "--warmup" -> warmupSeconds = Integer.parseInt(v);
                case "--duration" -> durationSeconds = Integer.parseInt(v);
                case "--latency-warmup" -> latencyWarmupSeconds = Integer.parseInt(v);
                case "--latency-duration" -> latencySeconds = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--prewarm" -> prewarmSeconds = Integer.parseInt(v);
                case "--new-hosts" -> newHosts = Math.min(40, Integer.parseInt(v));
                case "--tunnels" -> tunnels = Integer.parseInt(v);
                case "--modes" -> modes = List.of(v.split(","));
                case "--phases" -> phases = List.of(v.split(","));
                case "--vault-java-opts" -> vaultJavaOpts = v;
                case "--keep-audit" -> {
                    keepAudit = true;
                    i--;
                }
                case "--root" -> root = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "-h", "--help" -> {
                    System.out.println("""
                            VaultLoad [--connections 50] [--warmup 5] [--duration 20] [--latency-warmup 3]
                                      [--latency-duration 10] [--rounds 3] [--prewarm 20] [--new-hosts 20] [--tunnels 1000]
                                      [--modes direct,vault,mitmproxy] [--phases handshake,load,http2,memory]
                                      [--vault-java-opts "-Xmx256m"] [--keep-audit] [--root REPO] [--out DIR]""");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
            }
            if (!a.startsWith("-h")) {
                i++;
            }
        }
        if (root == null) {
            Path p = Path.of("").toAbsolutePath();
            while (p != null && !Files.isExecutable(p.resolve("bin/lap-vault"))) {
                p = p.getParent();
            }
            if (p == null) {
                throw new IllegalArgumentException(
                        "cannot find bin/lap-vault above the working directory; pass --root");
            }
            root = p;
        }
        if (out == null) {
            out = root.resolve("egress-vault/target/bench-vault");
        }
    }

    private void run() throws Exception {
        runDir = Files.createDirectories(
                out.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
        realToken = "ghp_" + random(36);
        Files.writeString(runDir.resolve("real-github-token"), realToken + "\n");
        List<String> hosts = new ArrayList<>(List.of(GITHUB));
        for (int i = 1; i <= 5; i++) {
            hosts.add("w" + i + ".bench.test");
        }
        for (int i = 1; i <= 40; i++) {
            hosts.add("h" + i + ".bench.test");
        }
        pki = TestPki.create(runDir, hosts);
        upstream = new BenchUpstream(pki, realToken, 2);
        policies = benchPolicies();
        credentials = runDir.resolve("credentials.yaml");
        Files.writeString(credentials, """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: real-github-token}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);

        say("# egress-vault benchmark, " + LocalDateTime.now().withNano(0));
        say("");
        say("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (" + cpuModel() + "), " + totalMemory()
                + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        say("- JDK: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + "; vault JVM options (LAP_JAVA_OPTS): `" + vaultJavaOpts + "`");
        say("- mitmproxy: " + mitmVersion());
        say("- load average at start: " + loadAverage());
        say("- run directory: " + runDir);
        say("- options: connections " + connections + ", warm-up " + warmupSeconds + " s, measured "
                + durationSeconds + " s; latency run 1 connection, warm-up " + latencyWarmupSeconds + " s, measured "
                + latencySeconds + " s; " + rounds + " rounds; " + newHosts + " new hosts; " + tunnels
                + " tunnels; every mode driven " + prewarmSeconds + " s before measuring");
        say("");

        try {
            ProxyProcess vault = null;
            ProxyProcess mitm = null;
            try {
                boolean vaultPhases =
                        phases.contains("handshake") || phases.contains("load") || phases.contains("http2");
                if (vaultPhases) {
                    vault = startVault("vault", runDir.resolve("state"), "");
                    stub = readStub(runDir.resolve("state"));
                    if (modes.contains("mitmproxy")) {
                        mitm = startMitm();
                    }
                }
                if (vaultPhases) {
                    prewarm(vault, mitm);
                }
                if (phases.contains("handshake")) {
                    handshakePhase(vault, mitm);
                }
                if (phases.contains("load")) {
                    loadPhase(vault, mitm);
                }
                if (phases.contains("http2")) {
                    http2Phase(vault);
                }
            } finally {
                if (mitm != null) {
                    mitm.close();
                }
                if (vault != null) {
                    vault.close();
                }
            }
            if (phases.contains("memory")) {
                memoryPhase();
            }
            say("");
            say("Upstream totals: " + upstream.realToken.sum() + " requests with the real token, "
                    + upstream.rejected.sum() + " without it (must be 0), " + upstream.other.sum()
                    + " to other paths, " + upstream.connections.get() + " TLS connections accepted.");
            auditTrails();
            say("- load average at end: " + loadAverage());
        } finally {
            upstream.close();
            Files.writeString(runDir.resolve("report.md"), report);
            System.out.println();
            System.out.println("report: " + runDir.resolve("report.md"));
        }
    }

    // --- processes -----------------------------------------------------------------------------

    /** {@code policies/egress.rego} and {@code data.yaml} as shipped, plus the bench service. */
    private Path benchPolicies() throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("policies"));
        for (String f : List.of("egress.rego", "data.yaml")) {
            Files.copy(root.resolve("policies").resolve(f), dir.resolve(f));
        }
        Path service = Files.createDirectories(dir.resolve("lap/egress/config/services/bench"));
        try (InputStream in = VaultLoad.class.getResourceAsStream("bench-service.yaml")) {
            Files.copy(in, service.resolve("data.yaml"));
        }
        return dir;
    }

    private ProxyProcess startVault(String name, Path state, String extraJavaOpts) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                root.resolve("bin/lap-vault").toString(),
                "--listen",
                "127.0.0.1:0",
                "--policies",
                policies.toString(),
                "--credentials",
                credentials.toString(),
                "--state-dir",
                state.toString(),
                "--upstream-ca",
                pki.caPem.toString(),
                "--audit",
                runDir.resolve(name + "-audit.jsonl").toString()));
        List<String> names = new ArrayList<>(List.of(GITHUB));
        for (int i = 1; i <= 5; i++) {
            names.add("w" + i + ".bench.test");
        }
        for (int i = 1; i <= 40; i++) {
            names.add("h" + i + ".bench.test");
        }
        for (String h : names) {
            cmd.add("--connect-to");
            cmd.add(h + ":443:127.0.0.1:" + upstream.port());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LAP_JAVA_OPTS", (vaultJavaOpts + " " + extraJavaOpts).trim());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        var p = ProxyProcess.start(
                name,
                cmd,
                env,
                runDir.resolve(name + ".log"),
                line -> {
                    int at = line.indexOf("lap-vault: listening on ");
                    return at < 0
                            ? null
                            : Integer.parseInt(
                                    line.substring(line.lastIndexOf(':') + 1).trim());
                },
                -1,
                600);
        System.err.println("bench: " + name + " pid " + p.pid() + " on " + p.address);
        return p;
    }

    private static String readStub(Path state) throws IOException {
        for (String line : Files.readAllLines(state.resolve("stubs.env"))) {
            if (line.startsWith("GITHUB_TOKEN=")) {
                return line.substring("GITHUB_TOKEN=".length()).trim();
            }
        }
        throw new IOException("no GITHUB_TOKEN in " + state.resolve("stubs.env"));
    }

    private ProxyProcess startMitm() throws Exception {
        int port;
        try (var s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        mitmConfdir = Files.createDirectories(runDir.resolve("mitmproxy"));
        Path addon = runDir.resolve("mitm_swap.py");
        try (InputStream in = VaultLoad.class.getResourceAsStream("mitm_swap.py")) {
            Files.copy(in, addon);
        }
        var p = ProxyProcess.start(
                "mitmproxy",
                List.of(
                        "mitmdump",
                        "-q",
                        "--listen-host",
                        "127.0.0.1",
                        "--listen-port",
                        Integer.toString(port),
                        "--mode",
                        "regular",
                        "--set",
                        "confdir=" + mitmConfdir,
                        "--set",
                        "ssl_verify_upstream_trusted_ca=" + pki.caPem,
                        "-s",
                        addon.toString()),
                Map.of(
                        "BENCH_STUB", stub,
                        "BENCH_REAL", realToken,
                        "BENCH_UPSTREAM_PORT", Integer.toString(upstream.port())),
                runDir.resolve("mitmproxy.log"),
                line -> null,
                port,
                60);
        System.err.println("bench: mitmproxy pid " + p.pid() + " on " + p.address);
        return p;
    }

    // --- clients -------------------------------------------------------------------------------

    /** A client trust store holding just {@code caFile}; a new context has an empty session cache. */
    private static SSLContext trusting(Path caFile) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, cert);
            }
        }
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), new SecureRandom());
        return ctx;
    }

    /** How the load generator reaches {@code api.github.com} in one mode. */
    private record Route(String mode, InetSocketAddress proxy, InetSocketAddress direct, Path ca, String auth) {
        BenchConnection open(SSLContext trust, String host) throws IOException {
            return BenchConnection.open(trust, proxy, direct, host, TIMEOUT_MILLIS);
        }
    }

    private Route route(String mode, ProxyProcess vault, ProxyProcess mitm) {
        var direct = new InetSocketAddress("127.0.0.1", upstream.port());
        return switch (mode) {
            case "direct" -> new Route(mode, null, direct, pki.caPem, "Bearer " + realToken);
            case "vault" ->
                new Route(mode, vault.address, null, runDir.resolve("state/ca-bundle.pem"), "Bearer " + stub);
            case "mitmproxy" ->
                new Route(mode, mitm.address, null, mitmConfdir.resolve("mitmproxy-ca-cert.pem"), "Bearer " + stub);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
    }

    private static void check(BenchConnection.Response r, String what) throws IOException {
        if (r.status() != 200 || !r.body().contains("octocat")) {
            throw new IOException(what + ": status " + r.status() + ", body "
                    + r.body().substring(0, Math.min(200, r.body().length())));
        }
    }

    /**
     * Drives every mode, unmeasured, before anything is measured: the vault, the upstream and the
     * load generator are JVMs, and a cold JIT would otherwise be measured as the vault's latency.
     */
    private void prewarm(ProxyProcess vault, ProxyProcess mitm) throws Exception {
        for (String mode : modes) {
            ProxyProcess proxy = mode.equals("vault") ? vault : mode.equals("mitmproxy") ? mitm : null;
            Result r = drive(route(mode, vault, mitm), proxy, connections, 0, prewarmSeconds);
            System.err.println("bench: warm-up " + describe(r));
        }
        say("All modes were driven for " + prewarmSeconds + " s each (" + connections
                + " connections, not measured) before the measurements below.");
        say("");
    }

    // --- phase 1: new-host handshakes ----------------------------------------------------------

    private void handshakePhase(ProxyProcess vault, ProxyProcess mitm) throws Exception {
        say("## New-host handshake");
        say("");
        say("Each row: a new connection with a fresh client TLS context (no session resumption), "
                + "medians over " + newHosts + " connections. *New host*: a name the proxy has not seen "
                + "(`hN.bench.test`), so it mints a leaf during the handshake and dials the upstream "
                + "during the first request. *Known host*: right after each, a second new tunnel to the "
                + "same name (leaf cached; the upstream connection may be pooled). "
                + "*Warm tunnel*: a further request on an open tunnel. Times in ms.");
        say("");
        say("| mode | connection | TCP connect | CONNECT answered | TLS handshake | first request | total |");
        say("|---|---|---|---|---|---|---|");
        List<String> hsModes = new ArrayList<>();
        for (String m : modes) {
            hsModes.add(m);
        }
        int base = 0;
        for (String mode : hsModes) {
            Route r = route(mode, vault, mitm);
            // warm the client's and the proxy's handshake paths on names that are not measured
            for (int k = 0; k < 20; k++) {
                for (int i = 1; i <= 5; i++) {
                    timeNewConnection(r, "w" + i + ".bench.test");
                }
            }
            List<long[]> fresh = new ArrayList<>();
            List<long[]> known = new ArrayList<>();
            // a name new to the proxy, then at once a second tunnel to the same name, so that both
            // series see the same conditions; the vault and mitmproxy each get names new to them
            for (int i = 1; i <= newHosts; i++) {
                fresh.add(timeNewConnection(r, "h" + (base + i) + ".bench.test"));
                known.add(timeNewConnection(r, "h" + (base + i) + ".bench.test"));
            }
            long[] warm = new long[newHosts];
            try (var c = r.open(trusting(r.ca()), GITHUB)) {
                byte[] req = BenchConnection.request(GITHUB, "/user", r.auth());
                for (int i = 0; i < 50; i++) {
                    check(c.exchange(req), mode + " warm-up");
                }
                for (int i = 0; i < newHosts; i++) {
                    long t = System.nanoTime();
                    check(c.exchange(req), mode + " warm tunnel");
                    warm[i] = System.nanoTime() - t;
                }
            }
            if (!mode.equals("direct")) {
                base += newHosts; // the next proxy sees names new to it as well; 40 names in all
                if (base + newHosts > 40) {
                    base = 0;
                }
            }
            row(mode, "new host", fresh);
            row(mode, "known host, new tunnel", known);
            say("| " + mode + " | warm tunnel, one more request | | | | " + ms(median(warm)) + " | " + ms(median(warm))
                    + " |");
        }
        say("");
        mintCost();
    }

    /**
     * The leaf mint alone, in this process with the vault's own classes: what a new host adds to
     * the vault's side of the handshake before any network cost.
     */
    private void mintCost() throws Exception {
        var ca = CertificateAuthority.loadOrCreate(runDir.resolve("mint-ca/private"), "lap bench mint");
        var leaves = new LeafCertificates(ca, 4096);
        for (int i = 0; i < 300; i++) {
            leaves.serverContext("warm" + i + ".mint.bench.test");
        }
        long[] t = new long[300];
        for (int i = 0; i < t.length; i++) {
            long s = System.nanoTime();
            leaves.serverContext("m" + i + ".mint.bench.test");
            t[i] = System.nanoTime() - s;
        }
        long[] cached = new long[300];
        for (int i = 0; i < cached.length; i++) {
            long s = System.nanoTime();
            leaves.serverContext("m" + i + ".mint.bench.test");
            cached[i] = System.nanoTime() - s;
        }
        say("Leaf mint alone (`LeafCertificates.serverContext` for a new name, in the load generator's "
                + "JVM after 300 warm-up mints): median **" + ms(median(t)) + " ms**, p90 "
                + ms(percentile(t, 0.9)) + " ms over " + t.length + " names; a cached name: "
                + ms(median(cached)) + " ms.");
        say("");
    }

    private static long percentile(long[] values, double q) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[Math.min(v.length - 1, (int) Math.floor(q * v.length))];
    }

    /** {connect, CONNECT answered, handshake, first request, total} in ns. */
    private static long[] timeNewConnection(Route r, String host) throws Exception {
        SSLContext trust = trusting(r.ca());
        byte[] req = BenchConnection.request(host, "/", null);
        try (var c = r.open(trust, host)) {
            long t = System.nanoTime();
            var resp = c.exchange(req);
            long done = System.nanoTime();
            if (resp.status() != 200) {
                throw new IOException(r.mode() + " " + host + ": status " + resp.status() + " " + resp.body());
            }
            var o = c.opened;
            return new long[] {
                o.connected() - o.start(),
                o.tunnelled() - o.connected(),
                o.handshaken() - o.tunnelled(),
                done - t,
                done - o.start()
            };
        }
    }

    private void row(String mode, String what, List<long[]> samples) {
        var b = new StringBuilder("| " + mode + " | " + what + " |");
        for (int k = 0; k < 5; k++) {
            long[] col = new long[samples.size()];
            for (int i = 0; i < col.length; i++) {
                col[i] = samples.get(i)[k];
            }
            b.append(' ')
                    .append(mode.equals("direct") && k == 1 ? "" : ms(median(col)))
                    .append(" |");
        }
        say(b.toString());
    }

    // --- phase 2: throughput and latency -------------------------------------------------------

    record Result(
            String mode,
            int connections,
            long requests,
            double seconds,
            Histogram latency,
            long errors,
            String firstError,
            double proxyCpu,
            String load) {
        double rps() {
            return requests / seconds;
        }
    }

    private void loadPhase(ProxyProcess vault, ProxyProcess mitm) throws Exception {
        Map<String, List<Result>> loaded = new LinkedHashMap<>();
        Map<String, List<Result>> single = new LinkedHashMap<>();
        for (int round = 1; round <= rounds; round++) {
            for (String mode : modes) {
                ProxyProcess proxy = mode.equals("vault") ? vault : mode.equals("mitmproxy") ? mitm : null;
                Route r = route(mode, vault, mitm);
                Result s = drive(r, proxy, 1, latencyWarmupSeconds, latencySeconds);
                single.computeIfAbsent(mode, k -> new ArrayList<>()).add(s);
                System.err.println("bench: round " + round + " " + describe(s));
                Result l = drive(r, proxy, connections, warmupSeconds, durationSeconds);
                loaded.computeIfAbsent(mode, k -> new ArrayList<>()).add(l);
                System.err.println("bench: round " + round + " " + describe(l));
            }
        }
        say("## Throughput and latency");
        say("");
        say("Keep-alive `GET /user` over HTTPS, each connection sending its next request when the "
                + "previous answer is in (closed loop). Through a proxy the client sends the stub and the "
                + "upstream answers 200 only to the real token; direct, the client sends the real token. "
                + "Latency is per request, client-side. The figures are the median round (by requests/s) "
                + "of " + rounds + "; the range over the rounds follows in brackets. Proxy CPU is the "
                + "proxy process's user+system CPU time per request.");
        say("");
        table(
                "Saturated: " + connections + " connections, " + durationSeconds + " s measured after " + warmupSeconds
                        + " s warm-up",
                loaded);
        table(
                "Unloaded: 1 connection, " + latencySeconds + " s measured after " + latencyWarmupSeconds
                        + " s warm-up",
                single);
        say("### Targets");
        say("");
        if (single.containsKey("vault") && single.containsKey("direct")) {
            double added = p(median(single.get("vault")), 50) - p(median(single.get("direct")), 50);
            say("- added median latency, 1 connection: **" + String.format(Locale.ROOT, "%.3f", added)
                    + " ms** (target ≤ 1 ms: " + (added <= 1.0 ? "met" : "NOT met") + ")");
        }
        if (loaded.containsKey("vault") && loaded.containsKey("direct")) {
            double added = p(median(loaded.get("vault")), 50) - p(median(loaded.get("direct")), 50);
            say("- added median latency, " + connections + " connections (queueing included): "
                    + String.format(Locale.ROOT, "%.3f", added) + " ms");
        }
        if (loaded.containsKey("vault") && loaded.containsKey("mitmproxy")) {
            double ratio = median(loaded.get("vault")).rps()
                    / median(loaded.get("mitmproxy")).rps();
            say("- throughput, vault ÷ mitmproxy, " + connections + " connections: **"
                    + String.format(Locale.ROOT, "%.1f×", ratio) + "** (target ≥ 5×: "
                    + (ratio >= 5 ? "met" : "NOT met")
                    + ")");
            double cpu = cpuPerRequest(median(loaded.get("mitmproxy"))) / cpuPerRequest(median(loaded.get("vault")));
            say("- CPU per request, mitmproxy ÷ vault: " + String.format(Locale.ROOT, "%.1f×", cpu));
        }
        say("");
    }

    /**
     * The same {@code GET /user} load through the vault from the JDK's HttpClient twice: HTTP/1.1
     * keep-alive ({@code connections} tunnels) and HTTP/2 ({@code connections} concurrent streams
     * on one tunnel). Rounds alternate the two; the vault's upstream leg is HTTP/1.1 in both.
     */
    private void http2Phase(ProxyProcess vault) throws Exception {
        SSLContext trust = trusting(runDir.resolve("state/ca-bundle.pem"));
        Map<String, List<Result>> results = new LinkedHashMap<>();
        Map<String, Long> upstreamDials = new LinkedHashMap<>();
        String h1 = "vault, HTTP/1.1 keep-alive, " + connections + " connections";
        String h2 = "vault, HTTP/2, 1 connection, " + connections + " streams";
        // Round 0 is the warm-up: the HTTP/2 path is code the load phase never ran.
        for (int round = 0; round <= rounds; round++) {
            for (var version :
                    List.of(java.net.http.HttpClient.Version.HTTP_1_1, java.net.http.HttpClient.Version.HTTP_2)) {
                String mode = version == java.net.http.HttpClient.Version.HTTP_2 ? h2 : h1;
                try (var lanes = new HttpClientLanes(version, vault.address, trust, "Bearer " + stub)) {
                    // One request alone first, so that HTTP/2's callers find one connection to share.
                    check(lanes.lane().exchange(), mode + " first request");
                    if (round == 0) {
                        Result w = drive(mode, lanes::lane, vault, connections, 0, prewarmSeconds);
                        System.err.println("bench: warm-up " + describe(w));
                        continue;
                    }
                    long dialled = upstream.connections.get();
                    Result r = drive(mode, lanes::lane, vault, connections, warmupSeconds, durationSeconds);
                    results.computeIfAbsent(mode, k -> new ArrayList<>()).add(r);
                    upstreamDials.merge(mode, upstream.connections.get() - dialled, Long::sum);
                    System.err.println("bench: round " + round + " " + describe(r) + ", upstream TLS connections "
                            + (upstream.connections.get() - dialled));
                }
            }
        }
        say("## HTTP/2 multiplexed against HTTP/1.1 keep-alive");
        say("");
        say("The JDK's HttpClient through the vault, closed loop, " + connections + " concurrent callers: "
                + "over HTTP/1.1 each holds its own keep-alive tunnel, over HTTP/2 all are streams of one "
                + "tunnel. Every stream is judged, swapped and scrubbed as one request; the upstream leg is "
                + "HTTP/1.1 in both (pooled keep-alive connections). Both were driven " + prewarmSeconds
                + " s unmeasured first. Median round of " + rounds + ".");
        say("");
        table("Through the vault, " + durationSeconds + " s measured after " + warmupSeconds + " s warm-up", results);
        upstreamDials.forEach((mode, n) -> say("- " + mode + ": the upstream accepted " + n
                + " TLS connections from the vault over the rounds (warm-up and measured windows)"));
        if (results.containsKey(h1) && results.containsKey(h2)) {
            say("- throughput, HTTP/2 ÷ HTTP/1.1: **"
                    + String.format(
                            Locale.ROOT,
                            "%.2f×",
                            median(results.get(h2)).rps()
                                    / median(results.get(h1)).rps())
                    + "**; vault CPU per request, HTTP/2 ÷ HTTP/1.1: "
                    + String.format(
                            Locale.ROOT,
                            "%.2f×",
                            cpuPerRequest(median(results.get(h2))) / cpuPerRequest(median(results.get(h1)))));
            say("");
        }
    }

    private static String describe(Result r) {
        return String.format(
                Locale.ROOT,
                "%-9s c=%-4d %8.0f req/s p50 %.3f ms p99 %.3f ms errors %d%s cpu/req %.0f µs load %s",
                r.mode(),
                r.connections(),
                r.rps(),
                p(r, 50),
                p(r, 99),
                r.errors(),
                r.firstError() == null ? "" : " (" + r.firstError() + ")",
                cpuPerRequest(r),
                r.load());
    }

    private void table(String title, Map<String, List<Result>> results) {
        say("### " + title);
        say("");
        say(
                "| mode | requests/s | p50 ms | p99 ms | p99.9 ms | errors | proxy CPU µs/request | load average (1 min) |");
        say("|---|---|---|---|---|---|---|---|");
        for (var e : results.entrySet()) {
            List<Result> rs = e.getValue();
            Result m = median(rs);
            long errors = rs.stream().mapToLong(Result::errors).sum();
            String firstError = rs.stream()
                    .map(Result::firstError)
                    .filter(x -> x != null)
                    .findFirst()
                    .orElse(null);
            say(String.format(
                    Locale.ROOT,
                    "| %s | **%.0f** [%.0f–%.0f] | %.3f [%.3f–%.3f] | %.3f [%.3f–%.3f] | %.3f | %d%s | %s | %s |",
                    e.getKey(),
                    m.rps(),
                    rs.stream().mapToDouble(Result::rps).min().orElse(0),
                    rs.stream().mapToDouble(Result::rps).max().orElse(0),
                    p(m, 50),
                    rs.stream().mapToDouble(x -> p(x, 50)).min().orElse(0),
                    rs.stream().mapToDouble(x -> p(x, 50)).max().orElse(0),
                    p(m, 99),
                    rs.stream().mapToDouble(x -> p(x, 99)).min().orElse(0),
                    rs.stream().mapToDouble(x -> p(x, 99)).max().orElse(0),
                    p(m, 99.9),
                    errors,
                    firstError == null ? "" : " (" + firstError + ")",
                    m.mode().equals("direct") ? "" : String.format(Locale.ROOT, "%.0f", cpuPerRequest(m)),
                    String.join(" / ", rs.stream().map(Result::load).toList())));
        }
        say("");
    }

    private static double cpuPerRequest(Result r) {
        return r.requests() == 0 ? Double.NaN : r.proxyCpu() / r.requests() * 1e6;
    }

    private static Result median(List<Result> rs) {
        List<Result> sorted = new ArrayList<>(rs);
        sorted.sort((a, b) -> Double.compare(a.rps(), b.rps()));
        return sorted.get(sorted.size() / 2);
    }

    private static double p(Result r, double percentile) {
        return r.latency().getValueAtPercentile(percentile) / 1e6;
    }

    /**
     * Opens {@code n} connections, then drives them for {@code warmup + duration} seconds; only
     * requests that start inside the measured window are counted.
     */
    private Result drive(Route r, ProxyProcess proxy, int n, int warmup, int duration) throws Exception {
        SSLContext trust = trusting(r.ca());
        byte[] req = BenchConnection.request(GITHUB, "/user", r.auth());
        return drive(
                r.mode(),
                () -> {
                    BenchConnection c = r.open(trust, GITHUB);
                    return new Lane() {
                        @Override
                        public BenchConnection.Response exchange() throws Exception {
                            return c.exchange(req);
                        }

                        @Override
                        public void close() {
                            c.close();
                        }
                    };
                },
                proxy,
                n,
                warmup,
                duration);
    }

    /** One closed-loop requester: a keep-alive connection, or one caller of a shared HTTP client. */
    interface Lane extends AutoCloseable {
        BenchConnection.Response exchange() throws Exception;

        @Override
        void close();
    }

    /** Opens a lane; a lane whose answer says {@code close} (or that fails) is opened anew. */
    interface LaneOpener {
        Lane open() throws Exception;
    }

    /** {@link #drive(Route, ProxyProcess, int, int, int)} over any kind of lane. */
    Result drive(String mode, LaneOpener lanes, ProxyProcess proxy, int n, int warmup, int duration) throws Exception {
        List<Lane> conns = Collections.synchronizedList(new ArrayList<>());
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            var opening = new ArrayList<java.util.concurrent.Future<?>>();
            var gate = new Semaphore(32);
            for (int i = 0; i < n; i++) {
                opening.add(exec.submit(() -> {
                    gate.acquire();
                    try {
                        var c = lanes.open();
                        conns.add(c);
                        check(c.exchange(), mode + " first request");
                    } finally {
                        gate.release();
                    }
                    return null;
                }));
            }
            for (var f : opening) {
                f.get();
            }
        }
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(duration);
        var histograms = new ConcurrentLinkedQueue<Histogram>();
        var counted = new AtomicLong();
        var errors = new AtomicLong();
        var firstError = new java.util.concurrent.atomic.AtomicReference<String>();
        double[] cpu = new double[2];
        String[] load = new String[1];
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int index = i;
                exec.submit(() -> {
                    var h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                    histograms.add(h);
                    Lane c = conns.get(index);
                    long mine = 0;
                    long now;
                    while ((now = System.nanoTime()) < end) {
                        try {
                            if (c == null) {
                                c = lanes.open();
                            }
                            var resp = c.exchange();
                            long done = System.nanoTime();
                            check(resp, mode);
                            if (now >= measureFrom) {
                                h.recordValue(Math.min(done - now, h.getHighestTrackableValue()));
                                mine++;
                            }
                            if (resp.close()) {
                                c.close();
                                c = null;
                            }
                        } catch (Exception e) {
                            if (now >= measureFrom) {
                                errors.incrementAndGet();
                            }
                            firstError.compareAndSet(null, e.toString());
                            if (c != null) {
                                c.close();
                            }
                            c = null;
                        }
                    }
                    counted.addAndGet(mine);
                    if (c != null) {
                        conns.set(index, c);
                    }
                    return null;
                });
            }
            // the proxy's CPU time over exactly the measured window
            sleepUntil(measureFrom);
            cpu[0] = proxy == null ? 0 : proxy.cpuSeconds();
            sleepUntil(end);
            cpu[1] = proxy == null ? 0 : proxy.cpuSeconds();
            load[0] = loadAverage().split(" ")[0];
        }
        for (var c : conns) {
            c.close();
        }
        var all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        histograms.forEach(all::add);
        return new Result(
                mode, n, counted.get(), duration, all, errors.get(), firstError.get(), cpu[1] - cpu[0], load[0]);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    // --- phase 3: memory at N tunnels ----------------------------------------------------------

    private void memoryPhase() throws Exception {
        ProxyProcess vault = startVault("vault-memory", runDir.resolve("state"), "-XX:NativeMemoryTracking=summary");
        stub = readStub(runDir.resolve("state"));
        Route r = route("vault", vault, null);
        byte[] req = BenchConnection.request(GITHUB, "/user", r.auth());
        List<BenchConnection> open = Collections.synchronizedList(new ArrayList<>());
        try {
            SSLContext trust = trusting(r.ca());
            try (var c = r.open(trust, GITHUB)) {
                check(c.exchange(req), "vault first request");
            }
            Thread.sleep(1000);
            long[] rss0 = vault.rssKib();
            long[] heap0 = vault.heapKib();
            long upstreamBefore = upstream.connections.get();
            var failures = new AtomicInteger();
            var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
            long t0 = System.nanoTime();
            try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
                var gate = new Semaphore(50);
                var done = new CountDownLatch(tunnels);
                for (int i = 0; i < tunnels; i++) {
                    exec.submit(() -> {
                        try {
                            gate.acquire();
                            var c = r.open(trust, GITHUB);
                            open.add(c);
                            check(c.exchange(req), "tunnel");
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            firstFailure.compareAndSet(null, e.toString());
                        } finally {
                            gate.release();
                            done.countDown();
                        }
                        return null;
                    });
                }
                done.await();
            }
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(2000);
            long[] rss = vault.rssKib();
            long[] heap = vault.heapKib();
            int threads = vault.threads();
            String nmt = vault.jcmd("VM.native_memory", "summary", "scale=KB");
            vault.jcmd("GC.run");
            Thread.sleep(500);
            long[] heapAfterGc = vault.heapKib();
            long[] rssAfterGc = vault.rssKib();
            // every tunnel must still work
            var again = new AtomicInteger();
            try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
                for (var c : List.copyOf(open)) {
                    exec.submit(() -> {
                        check(c.exchange(req), "second request");
                        again.incrementAndGet();
                        return null;
                    });
                }
            }
            say("## Memory at " + tunnels + " tunnels");
            say("");
            say("A fresh vault process (`LAP_JAVA_OPTS=\"" + vaultJavaOpts
                    + " -XX:NativeMemoryTracking=summary\"`). Each tunnel: CONNECT, TLS, one `GET /user` (200), "
                    + "then kept open. Opened " + open.size() + " (" + failures.get() + " failed"
                    + (firstFailure.get() == null ? "" : ": " + firstFailure.get()) + ") in "
                    + String.format(Locale.ROOT, "%.1f", openSeconds) + " s, 50 at a time; "
                    + again.get() + " answered a second request after the measurement. The upstream accepted "
                    + (upstream.connections.get() - upstreamBefore) + " connections from the vault meanwhile.");
            say("");
            say("| | RSS | heap used | heap committed | threads |");
            say("|---|---|---|---|---|");
            say("| idle (after start and one request) | " + mib(rss0[0]) + " | " + mib(heap0[1]) + " | " + mib(heap0[0])
                    + " | |");
            say("| " + tunnels + " tunnels open | **" + mib(rss[0]) + "** (peak " + mib(rss[1]) + ") | " + mib(heap[1])
                    + " | " + mib(heap[0]) + " | " + threads + " |");
            say("| same, after a full GC (`jcmd GC.run`) | " + mib(rssAfterGc[0]) + " | **" + mib(heapAfterGc[1])
                    + "** (live) | " + mib(heapAfterGc[0]) + " | |");
            say("");
            say("Native memory tracking, committed, at " + tunnels + " tunnels (before the GC):");
            say("");
            say("```");
            nmt.lines()
                    .filter(l -> l.matches("^(Total|-\\s+\\S.*)\\(.*") || l.startsWith("Total:"))
                    .forEach(l -> say(l.replaceAll("\\s+", " ").trim()));
            say("```");
            say("");
            say("- memory at " + tunnels + " tunnels: RSS **" + mib(rss[0]) + "** (target ≤ 256 MB: "
                    + (rss[0] / 1024.0 <= 256 ? "met" : "NOT met") + ")");
            Files.writeString(runDir.resolve("vault-memory-nmt.txt"), nmt);
        } finally {
            for (var c : open) {
                c.close();
            }
            vault.close();
        }
    }

    /** What the vaults' audit trails cost on disk; the files are deleted unless --keep-audit. */
    private void auditTrails() throws IOException {
        try (var files = Files.list(runDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith("-audit.jsonl"))
                    .sorted()
                    .toList()) {
                long lines;
                try (var l = Files.lines(f)) {
                    lines = l.count();
                }
                long bytes = Files.size(f);
                say("- audit trail " + f.getFileName() + ": " + lines + " events, "
                        + String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0) + " ("
                        + (lines == 0 ? 0 : bytes / lines) + " bytes per event)"
                        + (keepAudit ? "" : "; deleted after the run (--keep-audit keeps it)"));
                if (!keepAudit) {
                    Files.delete(f);
                }
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private void say(String line) {
        report.append(line).append('\n');
        System.out.println(line);
    }

    private static String random(int n) {
        var r = new SecureRandom();
        var b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(ALNUM.charAt(r.nextInt(ALNUM.length())));
        }
        return b.toString();
    }

    private static long median(long[] values) {
        long[] v = values.clone();
        java.util.Arrays.sort(v);
        return v[v.length / 2];
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String mib(long kib) {
        return String.format(Locale.ROOT, "%.1f MiB", kib / 1024.0);
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String totalMemory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> (Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024 / 1024) + " GiB RAM")
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String mitmVersion() {
        try {
            Process p = new ProcessBuilder("mitmdump", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines()
                            .filter(l -> l.startsWith("Mitmproxy"))
                            .findFirst()
                            .orElse("?") + ", "
                    + out.lines()
                            .filter(l -> l.startsWith("Python"))
                            .findFirst()
                            .orElse("");
        } catch (Exception e) {
            return "not found (" + e.getMessage() + ")";
        }
    }
}
