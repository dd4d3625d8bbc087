package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.vault.host.CanonicalHost;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vault's upstream side against a local "real site" whose certificate a test CA signed. */
class UpstreamTlsIT {
    @TempDir
    static Path dir;

    static LeafCertificates upstreamLeaves;
    static Path upstreamCa;
    static String upstreamCaName;

    @BeforeAll
    static void createUpstreamCa() throws IOException {
        CertificateAuthority ca =
                CertificateAuthority.loadOrCreate(dir.resolve("upstream-private"), "upstream test CA");
        upstreamLeaves = new LeafCertificates(ca);
        upstreamCaName = ca.certificate().getSubjectX500Principal().getName();
        upstreamCa = Files.writeString(dir.resolve("upstream-ca.pem"), ca.certificatePem());
    }

    @Test
    void upstreamSignedByAnExtraCaIsTrustedAndSpeaksHttp11() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(upstreamCa));
        try (var server =
                new TlsTestServer(ch -> upstreamLeaves.serverContext("api.test").newHandler(ch.alloc()))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));

            assertThat(handshake.failure()).isNull();
            assertThat(handshake.applicationProtocol()).isEqualTo("http/1.1");
        }
    }

    @Test
    void hostNameIsSentAsSni() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(upstreamCa));
        try (var server = new TlsTestServer(ch -> new SniHandler(upstreamLeaves.tunnelMapping(
                new CanonicalHost("api.test", CanonicalHost.Kind.DNS), Runnable::run, sni -> {})))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));

            assertThat(handshake.succeeded()).as("%s", handshake.failure()).isTrue();
            assertThat(server.serverNames.poll(5, TimeUnit.SECONDS)).isEqualTo("api.test");
        }
    }

    @Test
    void certificateForAnotherNameFailsTheHandshake() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(upstreamCa));
        try (var server = new TlsTestServer(
                ch -> upstreamLeaves.serverContext("other.test").newHandler(ch.alloc()))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));

            assertThat(handshake.failure())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("api.test");
        }
    }

    @Test
    void upstreamSignedByAnUnknownCaFailsTheHandshakeNamingTheIssuerAndTheFix() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of());
        try (var server =
                new TlsTestServer(ch -> upstreamLeaves.serverContext("api.test").newHandler(ch.alloc()))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));

            assertThat(handshake.failure())
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("is issued by \"" + upstreamCaName + "\"")
                    .hasMessageContaining("which the vault does not trust; if that is your own CA, pass its PEM file"
                            + " with --upstream-ca");
        }
    }

    @Test
    void ipLiteralIsVerifiedAgainstTheIpAddressSan() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(upstreamCa));
        try (var right = new TlsTestServer(
                        ch -> upstreamLeaves.serverContext("127.0.0.1").newHandler(ch.alloc()));
                var wrong = new TlsTestServer(
                        ch -> upstreamLeaves.serverContext("127.0.0.2").newHandler(ch.alloc()))) {
            var ok = TlsTestClient.handshake(
                    right.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "127.0.0.1", right.port()));
            var refused = TlsTestClient.handshake(
                    wrong.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "127.0.0.1", wrong.port()));

            assertThat(ok.succeeded()).as("%s", ok.failure()).isTrue();
            assertThat(refused.failure()).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void missingExtraCaFileIsNamed() {
        Path missing = dir.resolve("nope.pem");

        assertThatThrownBy(() -> UpstreamTls.clientContext(List.of(missing)))
                .isInstanceOf(TlsFileException.class)
                .hasMessage(missing + ": does not exist");
    }

    @Test
    void extraCaFileWithoutCertificatesIsNamed() throws IOException {
        Path notPem = Files.writeString(dir.resolve("not-a-ca.pem"), "hello\n");
        Path key = dir.resolve("upstream-private").resolve("ca-key.pem");

        assertThatThrownBy(() -> UpstreamTls.clientContext(List.of(notPem)))
                .isInstanceOf(TlsFileException.class)
                .hasMessage(notPem + ": holds no -----BEGIN CERTIFICATE----- block");
        assertThatThrownBy(() -> UpstreamTls.clientContext(List.of(key)))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith(key + ": holds a PrivateKeyInfo block");
    }

    @Test
    void serverContextIsRefusedForUpstreamHandlers() {
        SslContext server = upstreamLeaves.serverContext("api.test");

        assertThatThrownBy(() -> UpstreamTls.newHandler(server, ByteBufAllocator.DEFAULT, "api.test", 443))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
