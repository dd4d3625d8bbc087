package dev.lap.console.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lap.sandbox.runtime.local.LocalRuntime;
import dev.lap.vault.it.FakeUpstream;
import dev.lap.vault.it.TestPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * End to end with the real local runtime (bubblewrap, tmux, a vault per session) and a fake
 * GitHub over TLS on 127.0.0.1, pinned for the sessions' vaults: a shell session is created over
 * the API and used over the WebSocket terminal, where curl with the stub reaches GitHub with the
 * real token while the terminal only ever shows the stub, curl around the proxy fails, git clone
 * works through the vault; then the session outlives a restart of lap-server and is reattached
 * with its shell state.
 */
class LocalSessionE2EIT {
    static final List<String> HOSTS = List.of("api.github.com", "github.com");

    @Test
    void aShellSessionReachesGithubOnlyThroughItsVaultAndOutlivesARestart() throws Exception {
        Optional<String> why = LocalRuntime.unusable();
        assumeTrue(why.isEmpty(), () -> "sandboxes cannot run here: " + why.orElse(""));
        Path root = Files.createTempDirectory("lap-e2e");
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String realToken = "ghp_" + HexFormat.of().formatHex(secret);
        Files.writeString(root.resolve("real-github-token"), realToken + "\n");
        Path credentials = root.resolve("credentials.yaml");
        Files.writeString(credentials, """
                credentials:
                  - id: github
                    env: GITHUB_TOKEN
                    value_from: {file: "%s"}
                    hosts: [api.github.com, github.com]
                    placements: [authorization]
                """.formatted(root.resolve("real-github-token")));
        TestPki pki = TestPki.create(root, HOSTS);
        Path gitRoot = Files.createDirectories(root.resolve("git-root"));
        bareRepository(root, gitRoot.resolve("octo/repo.git"));
        Path state = root.resolve("state");
        String id;
        try (FakeUpstream github = new FakeUpstream(pki, realToken, gitRoot)) {
            List<String> pins = new ArrayList<>();
            for (String host : HOSTS) {
                pins.add(host + ":443:127.0.0.1:" + github.port());
            }
            Map<String, String> config = Map.of(
                    "lap.credentials-file", credentials.toString(),
                    "lap.vault.upstream-cas", pki.caPem.toString(),
                    "lap.vault.connect-to", String.join(",", pins));
            try (Server first = Server.start(state, config)) {
                var created = first.call("POST", "/api/v1/sessions", "{\"agent\":\"shell\",\"name\":\"e2e\"}");
                assertThat(created.status()).as("%s", created.body()).isEqualTo(201);
                assertThat(created.body().get("runtime").asString()).isEqualTo("local");
                assertThat(created.body().get("credentials").toString()).isEqualTo("[\"github\"]");
                id = created.body().get("id").asString();

                Server.Tty tty = first.openTty(id, first.attachToken(id));
                first.awaitState(id, "attached");
                // Markers are printed split ("a""b") so the echoed command line never matches them.
                tty.type("curl -sS https://api.github.com/user -H \"Authorization: Bearer $GITHUB_TOKEN\""
                        + " | grep -c octocat | sed 's/^/oc''to-/'; echo \"stub-${GITHUB_TOKEN:0:4}\"\n");
                tty.awaitMatch(Pattern.compile("octo-1"));
                tty.awaitMatch(Pattern.compile("stub-ghp_"));
                assertThat(github.seenBy("api.github.com"))
                        .anySatisfy(s -> assertThat(s.header("authorization")).isEqualTo("Bearer " + realToken));

                tty.type("curl -sS --max-time 5 --noproxy '*' https://api.github.com/user >/dev/null 2>&1;"
                        + " echo \"np\"\"-$?\"\n");
                var noProxy = tty.awaitMatch(Pattern.compile("np-(\\d+)"));
                assertThat(noProxy.group(1)).isNotEqualTo("0");

                // No route but the vault: a raw TCP connect to the fake GitHub's real port (listening
                // on the host's loopback) and a DNS lookup both fail inside the sandbox.
                tty.type("timeout 5 bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + github.port() + "' 2>/dev/null;"
                        + " echo \"tcp\"\"-$?\"\n");
                assertThat(tty.awaitMatch(Pattern.compile("tcp-(\\d+)")).group(1))
                        .isNotEqualTo("0");
                tty.type("getent hosts example.com >/dev/null 2>&1; echo \"dns\"\"-$?\"\n");
                assertThat(tty.awaitMatch(Pattern.compile("dns-(\\d+)")).group(1))
                        .isNotEqualTo("0");

                tty.type("git clone -q https://github.com/octo/repo.git /tmp/r && head -1 /tmp/r/README.md\n");
                tty.awaitOutput("hello from the fake github");

                tty.type("export LAP_MARK=kept''before\n");
                tty.close();
                first.awaitState(id, "ready");
                assertThat(tty.screen.toString()).doesNotContain(realToken);
            }
            try (Server second = Server.start(state, config)) {
                assertThat(second.state(id)).isEqualTo("ready");
                Server.Tty again = second.openTty(id, second.attachToken(id));
                again.type("echo \"still\"\"-$LAP_MARK\"\n");
                again.awaitOutput("still-keptbefore");
                again.close();
                assertThat(again.screen.toString()).doesNotContain(realToken);
                var deleted = second.call("DELETE", "/api/v1/sessions/" + id, null);
                assertThat(deleted.body().get("state").asString()).isEqualTo("stopped");
            }
        }
    }

    /** A bare repository {@code octo/repo} with one commit, for the fake GitHub to serve. */
    private static void bareRepository(Path root, Path bare) throws Exception {
        String script = """
                git init -q -b main seed
                echo 'hello from the fake github' > seed/README.md
                git -C seed add README.md
                git -C seed -c user.name=t -c user.email=t@example.com commit -qm first
                mkdir -p "$(dirname "$1")"
                git clone -q --bare seed "$1"
                """;
        Process p = new ProcessBuilder("bash", "-ec", script, "seed", bare.toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("seeding the repository: %s", out).isZero();
    }
}
