package dev.lap.vault.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.vault.Vault;
import dev.lap.vault.VaultConfig;
import dev.lap.vault.VaultException;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.opentelemetry.api.OpenTelemetry;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session's embedded vault: on a Unix socket, on a group it shares, holding only the granted
 * credentials.
 */
class VaultUnixSocketIT {
    @TempDir
    Path dir;

    private VaultConfig config(Path socket) throws Exception {
        Files.writeString(dir.resolve("a"), "ghp_" + "a".repeat(36) + "\n");
        Files.writeString(dir.resolve("b"), "npm_" + "b".repeat(36) + "\n");
        Files.writeString(dir.resolve("credentials.yaml"), """
                credentials:
                  - {id: github, env: GITHUB_TOKEN, value_from: {file: "%1$s/a"}, hosts: [api.github.com], placements: [authorization]}
                  - {id: npm, env: NPM_TOKEN, value_from: {file: "%1$s/b"}, hosts: [registry.npmjs.org], placements: [authorization]}
                """.formatted(dir));
        return VaultConfig.builder(Path.of("..", "policies"), dir.resolve("state"))
                .credentials(dir.resolve("credentials.yaml"))
                .listenSocket(socket)
                .grantedCredentials(Set.of("github"))
                .build();
    }

    @Test
    void servesOnAnOwnerOnlyUnixSocketWithOnlyTheGrantedCredentialsOnASharedGroup() throws Exception {
        Path socket = dir.resolve("vault.sock");
        var group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            try (Vault vault = Vault.start(config(socket), e -> {}, OpenTelemetry.noop(), group)) {
                assertThat(Files.getPosixFilePermissions(socket))
                        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                assertThat(vault.credentialIds()).containsExactly("github");
                assertThat(vault.sandboxEnvironment("http://127.0.0.1:14322", "/run/lap/ca-bundle.pem"))
                        .containsKey("GITHUB_TOKEN")
                        .doesNotContainKey("NPM_TOKEN")
                        .containsEntry("HTTPS_PROXY", "http://127.0.0.1:14322")
                        .containsEntry("SSL_CERT_FILE", "/run/lap/ca-bundle.pem");
                try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    ch.write(ByteBuffer.wrap("CONNECT 10.0.0.1:443 HTTP/1.1\r\nHost: 10.0.0.1:443\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1)));
                    ByteBuffer reply = ByteBuffer.allocate(64);
                    ch.read(reply);
                    assertThat(new String(reply.array(), 0, reply.position(), StandardCharsets.ISO_8859_1))
                            .startsWith("HTTP/1.1 ");
                }
            }
            assertThat(group.isShuttingDown())
                    .as("closing a vault leaves the shared group running")
                    .isFalse();
        } finally {
            group.shutdownGracefully().syncUninterruptibly();
        }
    }

    @Test
    void aStaleSocketIsReplacedButAnythingElseAtThePathIsRefused() throws Exception {
        Path socket = dir.resolve("vault.sock");
        // A socket file left behind, as by a server that was killed.
        try (var server = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        try (Vault vault = Vault.start(config(socket), e -> {}, OpenTelemetry.noop())) {
            assertThat(vault.socketAddress()).isEqualTo(UnixDomainSocketAddress.of(socket));
        }
        Path file = dir.resolve("not-a-socket");
        Files.writeString(file, "keep me");
        assertThatThrownBy(() -> Vault.start(config(file), e -> {}, OpenTelemetry.noop()))
                .isInstanceOf(VaultException.class)
                .hasMessageContaining("is not a socket");
        assertThat(file).hasContent("keep me");
    }
}
