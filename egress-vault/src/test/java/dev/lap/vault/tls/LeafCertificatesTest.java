package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.vault.host.CanonicalHost;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafCertificatesTest {
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    @TempDir
    static Path state;

    static CertificateAuthority ca;

    @BeforeAll
    static void createCa() throws IOException {
        ca = CertificateAuthority.loadOrCreate(state.resolve("private"), "lap test CA");
    }

    @Test
    void leafForHostNameHasTheServerCertificateProfile() throws Exception {
        LeafCertificates leaves = new LeafCertificates(ca);
        X509Certificate leaf = leaves.certificate("api.github.com");
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(leaf);

        assertThat(leaf.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=api.github.com"));
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        leaf.verify(ca.certificate().getPublicKey());
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(DNS_NAME, "api.github.com"));
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_serverAuth.getId());
        assertThat(leaf.getKeyUsage()).containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(holder.getExtension(Extension.basicConstraints)).isNotNull();
        assertThat(AuthorityKeyIdentifier.fromExtensions(holder.getExtensions()).getKeyIdentifierOctets())
                .isEqualTo(ca.keyIdentifier());
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(leaf.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(128);
        Instant now = Instant.now();
        assertThat(leaf.getNotBefore().toInstant())
                .isBetween(now.minus(Duration.ofMinutes(61)), now.minus(Duration.ofMinutes(59)));
        Duration lifetime = Duration.between(
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant());
        assertThat(lifetime).isLessThanOrEqualTo(Duration.ofDays(398)).isGreaterThan(Duration.ofDays(7));
    }

    @Test
    void ipLiteralsGetAnIpAddressSan() throws Exception {
        LeafCertificates leaves = new LeafCertificates(ca);

        assertThat(leaves.certificate("127.0.0.1").getSubjectAlternativeNames())
                .containsExactly(List.of(IP_ADDRESS, "127.0.0.1"));
        assertThat(leaves.certificate("[2001:db8::1]").getSubjectAlternativeNames())
                .containsExactly(List.of(IP_ADDRESS, "2001:db8:0:0:0:0:0:1"));
        assertThat(leaves.serverContext("2001:db8::1")).isSameAs(leaves.serverContext("[2001:DB8::1]"));
    }

    @Test
    void hostTooLongForACommonNameIsNamedBySanAlone() throws Exception {
        String host = "a".repeat(60) + ".example.com";
        X509Certificate leaf = new LeafCertificates(ca).certificate(host);

        assertThat(leaf.getSubjectX500Principal().getName()).isEmpty();
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(DNS_NAME, host));
        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.subjectAlternativeName.getId());
    }

    @Test
    void sameHostGetsTheSameContextInAnySpelling() {
        LeafCertificates leaves = new LeafCertificates(ca);
        SslContext context = leaves.serverContext("example.com");

        assertThat(leaves.serverContext("example.com")).isSameAs(context);
        assertThat(leaves.serverContext("Example.COM.")).isSameAs(context);
        assertThat(leaves.serverContext("www.example.com")).isNotSameAs(context);
        assertThat(context.isServer()).isTrue();
        assertThat(leaves.mints()).isEqualTo(2);
    }

    @Test
    void concurrentRequestsMintEachHostOnce() throws Exception {
        LeafCertificates leaves = new LeafCertificates(ca);
        List<String> hosts = List.of("a.test", "b.test", "c.test", "d.test", "e.test", "f.test");
        int threads = 12;
        CountDownLatch start = new CountDownLatch(1);
        Map<String, SslContext> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<String> order = new ArrayList<>(hosts);
                Collections.shuffle(order);
                tasks.add(pool.submit(() -> {
                    start.await();
                    for (String host : order) {
                        SslContext context = leaves.serverContext(host);
                        assertThat(seen.computeIfAbsent(host, h -> context)).isSameAs(context);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : tasks) {
                task.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(leaves.mints()).isEqualTo(hosts.size());
    }

    @Test
    void leastRecentlyUsedHostIsEvictedBeyondTheCacheSize() {
        LeafCertificates leaves = new LeafCertificates(ca, 2);
        SslContext a = leaves.serverContext("a.test");
        leaves.serverContext("b.test");
        leaves.serverContext("a.test");
        leaves.serverContext("c.test");

        assertThat(leaves.serverContext("a.test")).isSameAs(a);
        assertThat(leaves.mints()).isEqualTo(3);
        leaves.serverContext("b.test");
        assertThat(leaves.mints()).isEqualTo(4);
    }

    @Test
    void leafIsMintedAgainADayBeforeItExpires() {
        MutableClock clock = new MutableClock(Instant.now());
        LeafCertificates leaves = new LeafCertificates(ca, 16, clock);
        SslContext first = leaves.serverContext("a.test");

        clock.now = clock.now.plus(Duration.ofDays(28));
        assertThat(leaves.serverContext("a.test")).isSameAs(first);
        clock.now = clock.now.plus(Duration.ofDays(1)).plusSeconds(1);
        SslContext renewed = leaves.serverContext("a.test");

        assertThat(renewed).isNotSameAs(first);
        assertThat(leaves.certificate("a.test").getNotAfter().toInstant()).isAfter(clock.now.plus(Duration.ofDays(29)));
    }

    @Test
    void namesThatAreNotHostsAreRefused() {
        LeafCertificates leaves = new LeafCertificates(ca);

        for (String bad : List.of(
                "",
                ".",
                "*.example.com",
                "exa mple.com",
                "example..com",
                "-x.com",
                "straße.de",
                "bad_label.com",
                "a/b")) {
            assertThatThrownBy(() -> leaves.serverContext(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(leaves.mints()).isZero();
    }

    @Test
    void sniMatchesTheConnectHostReadLikeEveryOtherHost() {
        CanonicalHost api = new CanonicalHost("api.github.com", CanonicalHost.Kind.DNS);
        assertThat(LeafCertificates.sniMatches("API.github.com.", api)).isTrue();
        assertThat(LeafCertificates.sniMatches(null, api)).as("no SNI").isTrue();
        assertThat(LeafCertificates.sniMatches("evil.example", api)).isFalse();
        assertThat(LeafCertificates.sniMatches("github.com", api)).isFalse();
        assertThat(LeafCertificates.sniMatches("api.github.com:443", api)).isFalse();
        assertThat(LeafCertificates.sniMatches("api_github.com", api))
                .as("unreadable")
                .isFalse();
        CanonicalHost idn = new CanonicalHost("xn--bcher-kva.example", CanonicalHost.Kind.DNS);
        assertThat(LeafCertificates.sniMatches("bücher.example", idn)).isTrue();
        assertThat(LeafCertificates.sniMatches("xn--bcher-kva.example", idn)).isTrue();
        CanonicalHost ip = new CanonicalHost("127.0.0.1", CanonicalHost.Kind.IPV4);
        assertThat(LeafCertificates.sniMatches("127.1", ip)).isTrue();
    }

    @Test
    void theTunnelMappingReportsTheSniAndAlwaysServesTheConnectHostsLeaf() throws Exception {
        LeafCertificates leaves = new LeafCertificates(ca);
        CanonicalHost api = new CanonicalHost("api.github.com", CanonicalHost.Kind.DNS);
        List<String> seen = new ArrayList<>();
        var mapping = leaves.tunnelMapping(api, Runnable::run, seen::add);
        var executor = ImmediateEventExecutor.INSTANCE;

        SslContext minted = mapping.map("evil.example", executor.newPromise()).get();
        SslContext cached = mapping.map(null, executor.newPromise()).get();

        assertThat(minted).isSameAs(leaves.serverContext("api.github.com"));
        assertThat(cached).isSameAs(minted);
        assertThat(seen).containsExactly("evil.example", null);
        assertThat(leaves.mints()).isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
