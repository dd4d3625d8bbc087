package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.host.CanonicalHost;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handshakes of a JDK client against the leaves the vault presents to sandboxes, through the same
 * SNI mapping the proxy installs in a tunnel ({@link LeafCertificates#tunnelMapping}). Each failure
 * is asserted by its reason, not only by its having failed.
 */
class LeafHandshakeIT {
    @TempDir
    static Path state;

    static final CanonicalHost API_TEST = new CanonicalHost("api.test", CanonicalHost.Kind.DNS);

    static CertificateAuthority ca;
    static LeafCertificates leaves;

    @BeforeAll
    static void createCa() throws IOException {
        ca = CertificateAuthority.loadOrCreate(state.resolve("private"), "lap test CA");
        leaves = new LeafCertificates(ca);
    }

    @Test
    void clientOfferingH2AndHttp11GetsH2() throws Exception {
        var handshake = handshakeOffering("http/1.1", "h2");

        assertThat(handshake.failure()).isNull();
        assertThat(handshake.applicationProtocol()).isEqualTo("h2");
    }

    @Test
    void clientOfferingOnlyHttp11GetsHttp11() throws Exception {
        var handshake = handshakeOffering("http/1.1");

        assertThat(handshake.failure()).isNull();
        assertThat(handshake.applicationProtocol()).isEqualTo("http/1.1");
    }

    @Test
    void clientOfferingNeitherH2NorHttp11IsRefused() throws Exception {
        var handshake = handshakeOffering("spdy/3", "h3");

        assertThat(handshake.failure()).isNotNull().hasMessageContaining("no_application_protocol");
    }

    @Test
    void sniNamingAnotherHostGetsTheConnectHostsLeafWhichTheClientRefusesByName() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(caFile()));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var server =
                new TlsTestServer(ch -> new SniHandler(leaves.tunnelMapping(API_TEST, Runnable::run, seen::add)))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "evil.test", server.port()));

            assertThat(handshake.failure())
                    .as("the leaf names api.test, never the name the client asked for")
                    .isNotNull()
                    .hasStackTraceContaining("No subject alternative DNS name matching evil.test found");
            assertThat(seen).containsExactly("evil.test");
            assertThat(LeafCertificates.sniMatches(seen.get(0), API_TEST))
                    .as("the proxy refuses the tunnel's first request (421)")
                    .isFalse();
        }
    }

    @Test
    void sniNamingTheConnectHostInAnotherSpellingGetsItsLeaf() throws Exception {
        SslContext client = UpstreamTls.clientContext(List.of(caFile()));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (var server =
                new TlsTestServer(ch -> new SniHandler(leaves.tunnelMapping(API_TEST, Runnable::run, seen::add)))) {
            var handshake = TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "API.Test", server.port()));

            assertThat(handshake.failure()).isNull();
            assertThat(seen).hasSize(1);
            assertThat(LeafCertificates.sniMatches(seen.get(0), API_TEST)).isTrue();
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
                new TlsTestServer(ch -> new SniHandler(leaves.tunnelMapping(API_TEST, Runnable::run, name -> {})))) {
            return TlsTestClient.handshake(
                    server.port(), ch -> UpstreamTls.newHandler(client, ch.alloc(), "api.test", server.port()));
        }
    }
}
