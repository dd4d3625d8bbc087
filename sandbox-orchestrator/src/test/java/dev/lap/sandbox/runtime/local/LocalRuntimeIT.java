package dev.lap.sandbox.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lap.sandbox.agent.AgentCatalog;
import dev.lap.sandbox.agent.AgentModels;
import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxSpec;
import dev.lap.vault.policy.EgressInput;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real bubblewrap, tmux, socat, curl and git: a {@code shell} session's sandbox against a fake
 * GitHub over TLS, its only way out its own vault. Every defence is probed from inside, as the
 * agent would attack it.
 */
class LocalRuntimeIT {
    @TempDir
    static Path dir;

    static UpstreamFixture net;
    static LocalRuntime runtime;
    static Sandbox shared;
    static SandboxSpec sharedSpec;

    @BeforeAll
    static void start() throws Exception {
        Optional<String> why = LocalRuntime.unusable();
        assumeTrue(why.isEmpty(), () -> "sandboxes cannot run here: " + why.orElse(""));
        net = new UpstreamFixture(dir);
        runtime = net.runtime();
        sharedSpec = spec("shared", Optional.empty());
        shared = runtime.start(sharedSpec);
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            if (shared != null) {
                runtime.stop(shared, Duration.ofSeconds(1));
            }
            runtime.close();
        }
        if (net != null) {
            net.close();
        }
    }

    static SandboxSpec spec(String id, Optional<URI> repo) throws SandboxException {
        return new SandboxSpec(
                id,
                dir.resolve("sessions").resolve(id),
                new EgressInput.Session(
                        id, "dev", "shell", repo.map(URI::toString).orElse(""), Map.of()),
                Set.of("github"),
                new AgentCatalog(AgentModels.DEFAULTS).launch("shell"),
                repo,
                new SandboxSpec.ResourceLimits(512L << 20, 256, Duration.ofSeconds(60)));
    }

    static Viewer viewer(Sandbox sandbox, SandboxSpec spec) throws Exception {
        return new Viewer(sandbox.attach(120, 40), spec.stateDir().resolve("workspace"));
    }

    @Test
    void curlWithTheStubReachesGithubWithTheRealTokenAndTheTerminalShowsOnlyTheStub() throws Exception {
        try (Viewer v = viewer(shared, sharedSpec)) {
            var run = v.run(
                    "curl -sS --fail-with-body https://api.github.com/user -H \"Authorization: Bearer $GITHUB_TOKEN\"");
            assertThat(run.exit()).as(run.out()).isZero();
            assertThat(run.out()).contains("octocat");
            var env = v.run("echo \"token=$GITHUB_TOKEN\"; env");
            assertThat(env.out()).contains("token=ghp_").doesNotContain(net.realToken);
            assertThat(v.run("cat /workspace/.lap-test/*.out").out()).doesNotContain(net.realToken);
            assertThat(v.screen()).doesNotContain(net.realToken);
        }
        assertThat(net.upstream.seenBy("api.github.com"))
                .anySatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + net.realToken));
        assertThat(net.audit.toString()).doesNotContain(net.realToken);
    }

    @Test
    void onlyTheGrantedCredentialIsAStubInTheSandbox() throws Exception {
        try (Viewer v = viewer(shared, sharedSpec)) {
            var env = v.run("env");
            assertThat(env.out())
                    .contains("GITHUB_TOKEN=")
                    .doesNotContain("NPM_TOKEN")
                    .doesNotContain(net.npmToken);
            assertThat(env.out())
                    .contains(
                            "HTTPS_PROXY=http://127.0.0.1:14322",
                            "https_proxy=",
                            "HTTP_PROXY=",
                            "http_proxy=",
                            "ALL_PROXY=")
                    .contains("SSL_CERT_FILE=/run/lap/ca-bundle.pem", "CURL_CA_BUNDLE=", "REQUESTS_CA_BUNDLE=")
                    .contains("NODE_EXTRA_CA_CERTS=", "GIT_SSL_CAINFO=", "CODEX_CA_CERTIFICATE=", "JAVA_TOOL_OPTIONS=");
            var npm = v.run(
                    "curl -sS -o /dev/null -w '%{http_code}' https://registry.npmjs.org/left-pad -H \"Authorization: Bearer $NPM_TOKEN\"");
            assertThat(net.upstream.seenBy("registry.npmjs.org"))
                    .noneSatisfy(s -> assertThat(String.valueOf(s.header("authorization")))
                            .contains(net.npmToken));
            assertThat(npm.out()).doesNotContain(net.npmToken);
        }
    }

    @Test
    void nothingLeavesTheSandboxButThroughTheVault() throws Exception {
        try (ServerSocket host = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Viewer v = viewer(shared, sharedSpec)) {
            var noProxy = v.run("curl -sS --max-time 5 --noproxy '*' https://api.github.com/user");
            assertThat(noProxy.exit()).as(noProxy.out()).isNotZero();
            var raw = v.run("exec 3<>/dev/tcp/127.0.0.1/" + host.getLocalPort() + " && echo CONNECTED");
            assertThat(raw.exit()).isNotZero();
            assertThat(raw.out()).doesNotContain("CONNECTED");
            for (String address : hostAddresses()) {
                var external = v.run("timeout 5 bash -c 'exec 3<>/dev/tcp/" + address + "/" + host.getLocalPort()
                        + "' && echo CONNECTED");
                assertThat(external.out()).as(address).doesNotContain("CONNECTED");
            }
            var dns = v.run("getent hosts example.com || getent ahosts github.com");
            assertThat(dns.exit()).as(dns.out()).isNotZero();
            var interfaces = v.run("tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' '");
            assertThat(interfaces.out().strip()).isEqualTo("lo");
        }
    }

    @Test
    void theSandboxCannotReadTheHostsSecretsNorItsVaultsPrivateKey() throws Exception {
        Path privateDir = sharedSpec.stateDir().resolve("vault").resolve("private");
        assertThat(privateDir).isDirectory();
        try (Viewer v = viewer(shared, sharedSpec)) {
            for (Path secret : new Path[] {
                dir.resolve("credentials.yaml"),
                dir.resolve("real-github-token"),
                privateDir,
                sharedSpec.stateDir(),
                Path.of(System.getProperty("user.home"))
            }) {
                var read = v.run("cat " + secret + " || ls -la " + secret);
                assertThat(read.exit()).as(secret + ": " + read.out()).isNotZero();
                assertThat(read.out()).doesNotContain(net.realToken);
            }
            // The token is typed in two halves, so the shared terminal never shows it whole.
            String half = net.realToken.substring(0, 20);
            var search = v.run(
                    "a='" + half + "'; b='" + net.realToken.substring(20) + "'; timeout 60 grep -rls -D skip"
                            + " -- \"$a$b\" /etc /home /run /tmp /workspace 2>/dev/null | head -5; timeout 60 find / -xdev -name '*.key' 2>/dev/null | head");
            assertThat(search.out()).doesNotContain("ca.key").doesNotContain("real-github-token");
            var run = v.run("ls -A /run/lap; ls -A /etc");
            assertThat(run.out())
                    .contains("vault.sock", "ca-bundle.pem")
                    .doesNotContain("private", "shadow", "resolv.conf");
        }
    }

    @Test
    void aTmuxServerInTheSandboxCannotMakeTheAttachedClientRunCommandsOnTheHost() throws Exception {
        Path target = dir.resolve("pwned-by-detach-exec");
        try (Viewer v = viewer(shared, sharedSpec)) {
            v.type("tmux -S /run/lap-tmux/tmux.sock detach-client -E 'touch " + target
                    + "; echo lap-exec-ran-$((6*7)); sleep 2'\r");
            assertThat(v.awaitScreen("lap-exec-ran-42", Duration.ofSeconds(20)))
                    .as("the client really ran the command (inside its own confinement): " + v.screen())
                    .isTrue();
        }
        assertThat(target).doesNotExist();
        assertThat(shared.alive()).isTrue();
    }

    @Test
    void aNewViewerFirstReceivesTheCurrentScreen() throws Exception {
        try (Viewer first = viewer(shared, sharedSpec)) {
            first.type("clear; echo lap-marker-$((40+2))\r");
            assertThat(first.awaitScreen("lap-marker-42", Duration.ofSeconds(20)))
                    .isTrue();
        }
        try (Viewer second = viewer(shared, sharedSpec)) {
            assertThat(second.awaitScreen("lap-marker-42", Duration.ofSeconds(20)))
                    .as(second.screen())
                    .isTrue();
        }
    }

    @Test
    void terminalInputAndOutputAreActivity() throws Exception {
        var before = shared.lastActivity();
        Thread.sleep(20);
        try (Viewer v = viewer(shared, sharedSpec)) {
            v.run("true");
        }
        assertThat(shared.lastActivity()).isAfter(before);
    }

    @Test
    void theProcessLimitIsEnforcedOrReported() throws Exception {
        SandboxSpec base = spec("limits", Optional.empty());
        var spec = new SandboxSpec(
                base.sessionId(),
                base.stateDir(),
                base.session(),
                base.grantedCredentials(),
                base.agent(),
                base.repo(),
                new SandboxSpec.ResourceLimits(256L << 20, 24, Duration.ofSeconds(60)));
        Sandbox s = runtime.start(spec);
        try {
            if (s.unenforcedLimits().isEmpty()) {
                try (Viewer v = viewer(s, spec)) {
                    // dash reports a failed fork at once (bash would retry for a while).
                    var fork = v.run("sh -c 'i=0; while [ $i -lt 40 ]; do sleep 2 & i=$((i+1)); done; wait'");
                    assertThat(fork.out()).contains("fork");
                }
            } else {
                assertThat(s.unenforcedLimits())
                        .allSatisfy(reason -> assertThat(reason).contains("limit"));
            }
        } finally {
            runtime.stop(s, Duration.ofSeconds(1));
        }
    }

    @Test
    void theRepositoryIsClonedThroughTheVaultIntoTheWorkspace() throws Exception {
        var spec = spec("clone", Optional.of(URI.create("https://github.com/octo/repo.git")));
        Sandbox s = runtime.start(spec);
        try {
            assertThat(spec.stateDir().resolve("workspace/repo/README.md")).hasContent("hello from the fake github");
            assertThat(net.upstream.seenBy("github.com"))
                    .anySatisfy(seen -> assertThat(seen.header("authorization"))
                            .isEqualTo("Basic "
                                    + java.util.Base64.getEncoder()
                                            .encodeToString(("x-access-token:" + net.realToken).getBytes())));
        } finally {
            runtime.stop(s, Duration.ofSeconds(1));
        }
    }

    @Test
    void aCloneThatFailsIsAClearErrorAndLeavesNothingRunning() throws Exception {
        var spec = spec("badclone", Optional.of(URI.create("https://github.com/octo/missing.git")));
        assertThatThrownBy(() -> runtime.start(spec))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("cloning https://github.com/octo/missing.git")
                .hasMessageNotContaining(net.realToken);
        assertThat(new Tmux("bwrap", new Layout(spec.stateDir())).listening()).isFalse();
        assertThat(spec.stateDir().resolve("run/vault.sock")).doesNotExist();
        assertThat(runtime.recover(spec)).isEmpty();
    }

    @Test
    void aSessionSurvivesAServerRestartAndStopEndsEverything() throws Exception {
        var spec = spec("restart", Optional.empty());
        LocalRuntime first = net.runtime();
        Sandbox before = first.start(spec);
        SandboxProcess init =
                SandboxProcess.read(spec.stateDir().resolve("sandbox.pid")).orElseThrow();
        try (Viewer v = viewer(before, spec)) {
            assertThat(v.run("echo history-marker-1").exit()).isZero();
        }
        // The server goes away: its vaults close, the launcher that started bubblewrap dies.
        first.close();
        ProcessHandle.of(init.pid()).flatMap(ProcessHandle::parent).ifPresent(ProcessHandle::destroyForcibly);
        Thread.sleep(200);
        assertThat(init.running()).as("the sandbox outlives the server").isTrue();

        LocalRuntime second = net.runtime();
        try {
            Sandbox after = second.recover(spec).orElseThrow();
            assertThat(after.alive()).isTrue();
            try (Viewer v = viewer(after, spec)) {
                var history = v.run("history | grep -c history-marker-1");
                assertThat(Integer.parseInt(history.out().strip())).isGreaterThanOrEqualTo(1);
                var curl = v.run(
                        "curl -sS --fail-with-body https://api.github.com/user -H \"Authorization: Bearer $GITHUB_TOKEN\"");
                assertThat(curl.exit()).as(curl.out()).isZero();
                assertThat(curl.out()).contains("octocat");
            }
            second.stop(after, Duration.ofSeconds(1));
            assertThat(init.running()).isFalse();
            assertThat(after.alive()).isFalse();
            assertThat(ProcessHandle.allProcesses()
                            .filter(p -> p.info()
                                    .commandLine()
                                    .orElse("")
                                    .contains(spec.stateDir().toString())))
                    .as("no process of the sandbox is left")
                    .isEmpty();
            assertThat(second.recover(spec)).isEmpty();
        } finally {
            second.close();
        }
    }

    private static java.util.List<String> hostAddresses() throws Exception {
        return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> !i.getName().equals("lo"))
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address)
                .map(InetAddress::getHostAddress)
                .toList();
    }
}
