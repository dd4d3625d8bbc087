package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lap-vault} as an operator runs it: its own process, its log on stderr, stopped by a
 * signal. What the log says, what it must never say, and how the process starts and stops.
 */
class VaultMainIT {
    private static final String TOKEN = "ghp_R3alT0kenF0rTheL0gScanXyZ0123456789ab";

    @TempDir
    Path dir;

    /** A {@code lap-vault} process; stderr goes to a file read as it grows. */
    private record Running(Process process, Path log) implements AutoCloseable {
        String text() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        int stop() throws InterruptedException {
            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped within 30 s")
                    .isTrue();
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    private Running start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", // as bin/lib/launcher.sh runs it
                "-cp",
                System.getProperty("java.class.path"),
                "dev.lap.vault.VaultMain"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "lap-vault", ".log");
        var pb = new ProcessBuilder(command)
                .redirectError(log.toFile())
                .redirectOutput(dir.resolve("audit.jsonl").toFile());
        pb.environment().remove("LAP_LOG_FORMAT");
        pb.environment().remove("LAP_LOG_LEVEL");
        pb.environment().putAll(env);
        return new Running(pb.start(), log);
    }

    private static void await(Running vault, String what, java.util.function.BooleanSupplier done)
            throws InterruptedException, IOException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline) || !vault.process().isAlive()) {
                throw new AssertionError("gave up waiting for " + what + "; the vault's log:\n" + vault.text());
            }
            Thread.sleep(25);
        }
    }

    private static String stub(Path stubsEnv) throws IOException {
        Matcher m = Pattern.compile("GITHUB_TOKEN=(\\S+)").matcher(Files.readString(stubsEnv));
        assertThat(m.find()).as("GITHUB_TOKEN in stubs.env").isTrue();
        return m.group(1);
    }

    @Test
    void aRunWithSwapsLogsJsonLinesThatHoldNeitherTheSecretNorTheStub() throws Exception {
        Client.assumeInstalled("curl");
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), List.of("api.github.com"));
        Files.createDirectories(dir.resolve("git"));
        Files.writeString(dir.resolve("credentials.yaml"), """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: token}
                    hosts: [api.github.com]
                    placements: [authorization]
                """);
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path ready = dir.resolve("run").resolve("ready");
        try (var upstream = new FakeUpstream(pki, TOKEN, dir.resolve("git"));
                var vault = start(
                        Map.of("LAP_LOG_FORMAT", "json", "LAP_LOG_LEVEL", "debug"),
                        "--listen",
                        "127.0.0.1:0",
                        "--policies",
                        Path.of("..", "policies").toAbsolutePath().toString(),
                        "--credentials",
                        dir.resolve("credentials.yaml").toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--upstream-ca",
                        pki.caPem.toString(),
                        "--connect-to",
                        "api.github.com:443:127.0.0.1:" + upstream.port(),
                        "--ready-file",
                        ready.toString())) {
            await(vault, "the ready file", () -> Files.exists(ready));
            String address = Files.readString(ready).strip();
            String stub = stub(dir.resolve("state").resolve("stubs.env"));
            Client curl = new Client(
                    dir,
                    Map.of(
                            "HTTPS_PROXY",
                            "http://" + address,
                            "CURL_CA_BUNDLE",
                            dir.resolve("state").resolve("ca-bundle.pem").toString()));
            for (String path : List.of("/user", "/echo", "/echo?gzip")) {
                var run = curl.run(
                        "curl",
                        "-sS",
                        "--compressed",
                        "-H",
                        "Authorization: Bearer " + stub,
                        "https://api.github.com" + path);
                assertThat(run.exit()).as(run.all()).isZero();
            }
            assertThat(upstream.seenBy("api.github.com"))
                    .isNotEmpty()
                    .allSatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + TOKEN));

            assertThat(vault.stop()).isZero();
            String log = vault.text();
            assertThat(log).contains("listening on " + address, "policy revision", "stopped");
            for (String line : log.split("\n")) {
                assertThat(line)
                        .as("every log line is one JSON object")
                        .startsWith("{")
                        .endsWith("}");
            }
            assertThat(log).doesNotContain(TOKEN).doesNotContain(stub);
            assertThat(Files.exists(ready))
                    .as("the ready file is removed on stop")
                    .isFalse();
        }
    }

    @Test
    void aStopSignalLetsTheExchangeInFlightFinishAndExitsZero() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), List.of("api.github.com"));
        Files.createDirectories(dir.resolve("git"));
        Path ready = dir.resolve("ready");
        try (var upstream = new FakeUpstream(pki, TOKEN, dir.resolve("git"));
                var vault = start(
                        Map.of(),
                        "--listen",
                        "127.0.0.1:0",
                        "--policies",
                        Path.of("src/test/resources/policies/permissive")
                                .toAbsolutePath()
                                .toString(),
                        "--state-dir",
                        dir.resolve("state").toString(),
                        "--connect-to",
                        "registry.npmjs.org:80:127.0.0.1:" + upstream.plainPort(),
                        "--ready-file",
                        ready.toString())) {
            await(vault, "the ready file", () -> Files.exists(ready));
            String[] hostPort = Files.readString(ready).strip().split(":");
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                var out = client.getOutputStream();
                // Half of the body is in the vault (and upstream) when the signal arrives: the
                // exchange is in flight, so the stop waits for its response before closing.
                out.write(("POST http://registry.npmjs.org/left-pad HTTP/1.1\r\nHost: registry.npmjs.org\r\n"
                                + "Content-Length: 10\r\n\r\n01234")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(300);
                vault.process().destroy();
                await(vault, "the stop to begin", () -> count(vault, "stopping") == 1);
                out.write("56789".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String answer = new String(client.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 200").contains("left-pad");
            }
            assertThat(vault.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(vault.process().exitValue()).as(vault.text()).isZero();
            assertThat(vault.text()).contains("stopped");
        }
    }

    @Test
    void aPortInUseIsReportedBeforeAnyStateIsCreated() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path state = dir.resolve("state");
            try (var vault = start(
                    Map.of(),
                    "--listen",
                    "127.0.0.1:" + taken.getLocalPort(),
                    "--policies",
                    Path.of("..", "policies").toAbsolutePath().toString(),
                    "--state-dir",
                    state.toString())) {
                assertThat(vault.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(vault.process().exitValue()).isEqualTo(2);
                assertThat(vault.text())
                        .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()
                                + ": the address is in use or not available; pick another with --listen")
                        .doesNotContain("/127.0.0.1");
                assertThat(state).doesNotExist();
            }
        }
    }

    @Test
    void aBrokenPolicyEditIsLoggedOnceAndAPolicyWithoutTheDecisionIsWarnedAbout() throws Exception {
        Path policies = Files.createDirectories(dir.resolve("policies"));
        Files.writeString(policies.resolve("egress.rego"), """
                package lap.egress
                decision := {"allow": false, "reason": "closed", "rule": "closed"}
                """);
        Path ready = dir.resolve("ready");
        try (var vault = start(
                Map.of(),
                "--listen",
                "127.0.0.1:0",
                "--policies",
                policies.toString(),
                "--state-dir",
                dir.resolve("state").toString(),
                "--ready-file",
                ready.toString())) {
            await(vault, "the ready file", () -> Files.exists(ready));
            Files.writeString(
                    policies.resolve("egress.rego"),
                    "package lap.egress\ndecision := {\n",
                    StandardOpenOption.TRUNCATE_EXISTING);
            await(vault, "the rejection", () -> count(vault, "do not compile") == 1);
            // Three more reload periods (2 s each) with the same broken file: no new line.
            Thread.sleep(6_500);
            assertThat(count(vault, "do not compile")).isEqualTo(1);
            assertThat(vault.text()).contains("egress.rego:3:1: rego_parse_error");

            Files.writeString(
                    policies.resolve("egress.rego"),
                    "package lap.egress\nallow := false\n",
                    StandardOpenOption.TRUNCATE_EXISTING);
            await(vault, "the reload", () -> count(vault, "define no data.lap.egress.decision") == 1);
            assertThat(vault.stop()).isZero();
        }
    }

    private static int count(Running vault, String text) {
        try {
            return (int) vault.text().lines().filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
