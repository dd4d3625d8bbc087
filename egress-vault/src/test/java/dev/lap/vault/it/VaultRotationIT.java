package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.Fingerprint;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's live rotation against a running vault and real curl: the credentials file's value
 * file is rewritten, and the next request carries the new value upstream while the stub the
 * sandbox holds stays the same. The upstream is hostile in the way that matters here: it replays
 * every token it has ever received, so a response still carries the old value after the rotation,
 * which the vault must keep scrubbing for the grace period. The audit shows fingerprints, never a
 * value.
 */
class VaultRotationIT {
    @TempDir
    Path dir;

    VaultHarness h;
    ReplayingUpstream upstream;

    @BeforeEach
    void start() throws Exception {
        var pki = TestPki.create(Files.createDirectories(dir.resolve("echo")), List.of("echo.example"));
        upstream = new ReplayingUpstream(pki);
        h = new VaultHarness(
                dir, Path.of("src/test/resources/policies/echo"), VaultHostileUpstreamIT.CREDENTIALS, List.of(), c -> {
                    var cas = new ArrayList<>(c.upstreamCas());
                    cas.add(pki.caPem);
                    var pins = new ArrayList<>(c.connectTo());
                    pins.add("echo.example:443:127.0.0.1:" + upstream.port());
                    return c.toBuilder()
                            .upstreamCas(cas)
                            .connectTo(pins)
                            .policyReloadSeconds(1)
                            .build();
                });
    }

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aRewrittenValueFileIsSwappedInOnTheNextRequestAndTheOldValueIsStillScrubbed() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("GITHUB_TOKEN");
        String oldValue = h.realToken;
        String newValue = "ghp_" + VaultHarness.random(36);
        var first = curl(stub);
        assertThat(first.exit()).as("curl's exit").isZero();
        assertThat(upstream.received).containsExactly(oldValue);

        rewriteValue(newValue);
        awaitEvent(e -> e.change() == AuditEvent.CredentialChangeKind.ROTATED);

        var second = curl(stub);
        assertThat(second.exit()).as("curl's exit").isZero();
        assertThat(upstream.received).as("what the upstream received").containsExactly(oldValue, newValue);
        assertThat(h.stub("GITHUB_TOKEN")).as("the sandbox's stub is unchanged").isEqualTo(stub);
        // Placeholders, so a failure message never prints a value.
        assertThat(second.out().replace(oldValue, "<old>").replace(newValue, "<new>"))
                .as("the upstream replayed both values; both came back as the stub")
                .isEqualTo("seen: " + stub + " " + stub + "\n");
        assertThat(second.all()).doesNotContain(oldValue).doesNotContain(newValue);

        assertThat(h.events(AuditEvent.CredentialChange.class))
                .containsExactly(new AuditEvent.CredentialChange(
                        AuditEvent.CredentialChangeKind.ROTATED,
                        "github",
                        Fingerprint.of(oldValue),
                        Fingerprint.of(newValue),
                        null));
        String audited = h.audit.toString();
        assertThat(audited).doesNotContain(oldValue).doesNotContain(newValue);
        assertThat(Files.readString(h.vault.stubsEnv())).contains("GITHUB_TOKEN=" + stub);
    }

    @Test
    void aBrokenFileKeepsTheCredentialsInForceAndIsAuditedOnce() throws Exception {
        Client.assumeInstalled("curl");
        String stub = h.stub("GITHUB_TOKEN");
        Path file = dir.resolve("credentials.yaml");
        String good = Files.readString(file);
        replace(file, good + "  - id: github\n    env: OTHER_TOKEN\n");
        awaitEvent(e -> e.change() == AuditEvent.CredentialChangeKind.REJECTED);
        // A value of another length cannot be stood for by the sandbox's stub; that file is
        // refused too, but only after the broken one: each change is reported once.
        Instant pollsSeen = Instant.now().plusSeconds(3);
        while (Instant.now().isBefore(pollsSeen)) {
            Thread.sleep(100);
        }
        assertThat(h.events(AuditEvent.CredentialChange.class))
                .as("three polls saw the same broken file; it is reported once")
                .hasSize(1)
                .first()
                .satisfies(
                        e -> assertThat(e.errors()).contains("credentials.yaml").contains("already used"));

        var run = curl(stub);
        assertThat(run.exit()).as("curl's exit").isZero();
        assertThat(upstream.received).containsExactly(h.realToken);

        replace(file, good);
        String longer = "ghp_" + VaultHarness.random(40);
        rewriteValue(longer);
        awaitEvent(e -> e.change() == AuditEvent.CredentialChangeKind.REJECTED && "github".equals(e.credentialId()));
        var after = curl(stub);
        assertThat(after.exit()).as("curl's exit").isZero();
        assertThat(upstream.received).containsExactly(h.realToken, h.realToken);
        assertThat(h.audit.toString()).doesNotContain(longer).doesNotContain(h.realToken);
    }

    private Client.Run curl(String stub) throws Exception {
        return h.client("CURL_CA_BUNDLE")
                .run("curl", "-sS", "--fail-with-body", "-H", "Authorization: Bearer " + stub, "https://echo.example/");
    }

    private void rewriteValue(String value) throws Exception {
        replace(dir.resolve("real-github-token"), value + "\n");
    }

    /** Writes a sibling and renames it over {@code file}, as a secret mount is updated: never half a file. */
    private static void replace(Path file, String content) throws Exception {
        Path temp = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), content);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Waits for the vault's poll (every second here) to audit a matching change; 20 s at most. */
    private void awaitEvent(Predicate<AuditEvent.CredentialChange> wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (h.events(AuditEvent.CredentialChange.class).stream().noneMatch(wanted)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no such credential change audited; kinds seen: "
                        + h.events(AuditEvent.CredentialChange.class).stream()
                                .map(AuditEvent.CredentialChange::change)
                                .toList());
            }
            Thread.sleep(50);
        }
    }

    /**
     * Records every bearer token it receives and answers each request with all of them, as an
     * upstream that logged an old token and replays it later would.
     */
    static final class ReplayingUpstream implements AutoCloseable {
        final List<String> received = new CopyOnWriteArrayList<>();
        private final ServerSocket server;

        ReplayingUpstream(TestPki pki) throws Exception {
            server = pki.serverContext
                    .getServerSocketFactory()
                    .createServerSocket(0, 16, InetAddress.getLoopbackAddress());
            RawUpstream.acceptAll(server, this::serve);
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                String head = VaultHarness.readHead(in);
                received.addAll(RawUpstream.tokens(head));
                byte[] body = ("seen: " + String.join(" ", received) + "\n").getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                                + "\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (Exception e) {
                // the vault closed first
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
        }
    }
}
