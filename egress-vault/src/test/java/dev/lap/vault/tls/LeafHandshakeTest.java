package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Handshakes of a JDK client against the leaves the vault presents to sandboxes. */
class LeafHandshakeTest {
    @TempDir
    static Path state;

    static CertificateAuthority ca;
    static LeafCertificates leaves;

    @BeforeAll
    static void createCa() throws IOException {
        ca = CertificateAuthority.loadOrCreate(state.resolve("private"), "lap test CA");
        leaves = new LeafCertificates(ca);
    }

    @Test
    void clientOfferingH2AndHttp11GetsHttp11() throws Exception {
        var handshake = handshakeOffering("h2", "http/1.1");

        assertThat(handshake.failure()).isNull();
        assertThat(handshake.applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void clientOfferingOnlyH2IsRefused() throws Exception {
        var handshake = handshakeOffering("h2");

        assertThat(handshake.failure()).isNotNull().hasMessageContaining("no_application_protocol");
    }

    @Test
    void sniNamingAnotherHostThanTheConnectHostFailsTheHandshake() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(caFile()));
        try (var server = new TlsTestServer(ch -> new SniHandler(leaves.sniMapping("api.test")))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "evil.test", server.port()));

            assertThat(handshake.succeeded()).isFalse();
            assertThat(server.handshakes).isEmpty();
        }
    }

    private static Path caFile() throws IOException {
        return Files.writeString(state.resolve("ca.crt"), ca.certificatePem());
    }

    private TlsTestClient.Handshake handshakeOffering(String... protocols) throws Exception {
        SslContext client = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(ca.certificate())
                .applicationProtocolConfig(new ApplicationProtocolConfig(
                        Protocol.ALPN,
                        SelectorFailureBehavior.NO_ADVERTISE,
                        SelectedListenerFailureBehavior.ACCEPT,
                        protocols))
                .build();
        try (var server =
                new TlsTestServer(ch -> leaves.serverContext("api.test").newHandler(ch.alloc()))) {
            return TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));
        }
    }
}
