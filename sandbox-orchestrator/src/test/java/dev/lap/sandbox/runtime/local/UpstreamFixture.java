package dev.lap.sandbox.runtime.local;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.vault.it.FakeUpstream;
import dev.lap.vault.it.TestPki;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * "The internet" for sandbox tests: the vault tests' fake GitHub (REST and git smart HTTP over
 * TLS on 127.0.0.1, pinned with connect-to), a credentials file with a GitHub token (granted) and
 * an npm token (not granted), and a bare repository {@code octo/repo} to clone.
 */
final class UpstreamFixture implements AutoCloseable {
    static final List<String> HOSTS = List.of("api.github.com", "github.com", "registry.npmjs.org");

    final Path dir;
    final String realToken;
    final String npmToken;
    final FakeUpstream upstream;
    final LocalRuntimeConfig config;
    final List<AuditEvent> audit = new CopyOnWriteArrayList<>();

    UpstreamFixture(Path dir) throws Exception {
        this.dir = dir;
        this.realToken = "ghp_" + HexFormat.of().formatHex(random(18));
        this.npmToken = "npm_" + HexFormat.of().formatHex(random(18));
        Files.writeString(dir.resolve("real-github-token"), realToken + "\n");
        Files.writeString(dir.resolve("real-npm-token"), npmToken + "\n");
        Files.writeString(dir.resolve("credentials.yaml"), """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: "%1$s/real-github-token"}
                    hosts: [api.github.com, github.com]
                    placements: [authorization]
                  - id: npm
                    env: NPM_TOKEN
                    value_from: {file: "%1$s/real-npm-token"}
                    hosts: [registry.npmjs.org]
                    placements: [authorization]
                """.formatted(dir));
        TestPki pki = TestPki.create(dir, HOSTS);
        Path gitRoot = Files.createDirectories(dir.resolve("git-root"));
        seedRepository(gitRoot.resolve("octo/repo.git"));
        this.upstream = new FakeUpstream(pki, realToken, gitRoot);
        List<String> pins = new ArrayList<>();
        for (String host : HOSTS) {
            pins.add(host + ":443:127.0.0.1:" + upstream.port());
        }
        this.config = LocalRuntimeConfig.of(Path.of("..", "policies").toAbsolutePath(), dir.resolve("credentials.yaml"))
                .withUpstream(List.of(pki.caPem), pins);
    }

    LocalRuntime runtime() throws Exception {
        return LocalRuntime.open(config, auditSink(), OpenTelemetry.noop());
    }

    AuditSink auditSink() {
        return audit::add;
    }

    private void seedRepository(Path bare) throws Exception {
        Path seed = Files.createDirectories(dir.resolve("seed"));
        git(seed, "init", "-q", "-b", "main");
        Files.writeString(seed.resolve("README.md"), "hello from the fake github\n");
        git(seed, "add", ".");
        git(seed, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "first");
        Files.createDirectories(bare.getParent());
        git(dir, "clone", "-q", "--bare", seed.toString(), bare.toString());
    }

    private static void git(Path cwd, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("git"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + ": " + out);
        }
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @Override
    public void close() {
        upstream.close();
    }
}
