package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lap.vault.host.CanonicalHost;
import io.netty.handler.ssl.SniHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients a sandbox runs, handshaking with the leaves the vault mints: each must verify the
 * chain against ca.crt or the bundle alone, accept the certificate for the name (or IP) it dialled, and end up
 * on HTTP/1.1. Every client runs under {@code env -i}, so only the CA given here counts.
 */
class RealClientsIT {
    private static final String HOST = "git.vault-test.example";

    @TempDir
    static Path home;

    static CertificateAuthority ca;
    static LeafCertificates leaves;
    static Path caFile;
    static Path bundleFile;
    static TlsTestServer byName;
    static TlsTestServer byIp;

    @BeforeAll
    static void startServers() throws IOException, InterruptedException {
        ca = CertificateAuthority.loadOrCreate(home.resolve("state/private"), "lap test CA");
        leaves = new LeafCertificates(ca);
        caFile = home.resolve("state/ca.crt");
        bundleFile = home.resolve("state/ca-bundle.pem");
        ca.writeTrustFiles(caFile, bundleFile);
        // Through Netty's SniHandler and the mapping the proxy installs in a tunnel, by name and by IP.
        byName = new TlsTestServer(ch -> new SniHandler(
                leaves.tunnelMapping(new CanonicalHost(HOST, CanonicalHost.Kind.DNS), Runnable::run, sni -> {})));
        byIp = new TlsTestServer(ch -> new SniHandler(leaves.tunnelMapping(
                new CanonicalHost("127.0.0.1", CanonicalHost.Kind.IPV4), Runnable::run, sni -> {})));
    }

    @AfterAll
    static void stopServers() {
        byName.close();
        byIp.close();
    }

    @Test
    void openSslVerifiesTheChainAndGetsH2BeforeHttp11() throws Exception {
        assumeInstalled("openssl");

        var result = run(
                Map.of(),
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + byName.port(),
                "-servername",
                HOST,
                "-verify_return_error",
                "-verify_hostname",
                HOST,
                "-CAfile",
                caFile.toString(),
                "-alpn",
                "h2,http/1.1");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output())
                .as(result.toString())
                .contains("Verify return code: 0 (ok)")
                .contains("ALPN protocol: h2");
    }

    @Test
    void openSslOfferingNeitherH2NorHttp11IsRefused() throws Exception {
        assumeInstalled("openssl");

        var result = run(
                Map.of(),
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + byName.port(),
                "-servername",
                HOST,
                "-CAfile",
                caFile.toString(),
                "-alpn",
                "spdy/3,h3");

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.output()).as(result.toString()).contains("no application protocol");
    }

    @Test
    void openSslVerifiesLeavesAsStrictServerCertificates() throws Exception {
        assumeInstalled("openssl");
        Path dnsLeaf = Files.writeString(home.resolve("dns-leaf.pem"), Pem.certificate(leaves.certificate(HOST)));
        Path ipLeaf = Files.writeString(home.resolve("ip-leaf.pem"), Pem.certificate(leaves.certificate("127.0.0.1")));

        var dns = run(
                Map.of(),
                "openssl",
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-verify_hostname",
                HOST,
                "-CAfile",
                caFile.toString(),
                dnsLeaf.toString());
        var ip = run(
                Map.of(),
                "openssl",
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-verify_ip",
                "127.0.0.1",
                "-CAfile",
                caFile.toString(),
                ipLeaf.toString());
        var otherName = run(
                Map.of(),
                "openssl",
                "verify",
                "-x509_strict",
                "-purpose",
                "sslserver",
                "-verify_hostname",
                "other.vault-test.example",
                "-CAfile",
                caFile.toString(),
                dnsLeaf.toString());

        assertThat(dns.stdout()).as(dns.toString()).isEqualTo(dnsLeaf + ": OK\n");
        assertThat(ip.stdout()).as(ip.toString()).isEqualTo(ipLeaf + ": OK\n");
        assertThat(otherName.exitCode()).as(otherName.toString()).isNotZero();
    }

    @Test
    void curlTrustsTheLeafByNameThroughTheBundleAndSpeaksHttp11() throws Exception {
        assumeInstalled("curl");
        String url = "https://" + HOST + ":" + byName.port() + "/";
        String resolve = HOST + ":" + byName.port() + ":127.0.0.1";

        var trusted = run(
                Map.of(),
                "curl",
                "--silent",
                "--show-error",
                "--http1.1", // this test server speaks HTTP/1.1 only, the leaf's ALPN prefers h2
                "--cacert",
                bundleFile.toString(),
                "--resolve",
                resolve,
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code} %{http_version}",
                url);
        var untrusted =
                run(Map.of(), "curl", "--silent", "--show-error", "--resolve", resolve, "--output", "/dev/null", url);

        assertThat(trusted.stdout()).as(trusted.toString()).isEqualTo("404 1.1");
        assertThat(untrusted.exitCode())
                .as("without the vault CA: " + untrusted)
                .isEqualTo(60);
    }

    @Test
    void curlTrustsTheLeafForAnIpLiteral() throws Exception {
        assumeInstalled("curl");

        var result = run(
                Map.of(),
                "curl",
                "--silent",
                "--show-error",
                "--http1.1",
                "--cacert",
                caFile.toString(),
                "--output",
                "/dev/null",
                "--write-out",
                "%{http_code} %{http_version}",
                "https://127.0.0.1:" + byIp.port() + "/");

        assertThat(result.stdout()).as(result.toString()).isEqualTo("404 1.1");
    }

    @Test
    void gnutlsTrustsTheLeafByNameAndByIp() throws Exception {
        assumeInstalled("gnutls-cli");

        var byNameResult = run(
                Map.of(),
                "gnutls-cli",
                "--x509cafile",
                caFile.toString(),
                "--sni-hostname",
                HOST,
                "--verify-hostname",
                HOST,
                "--alpn",
                "h2",
                "--alpn",
                "http/1.1",
                "-p",
                String.valueOf(byName.port()),
                "127.0.0.1");
        var byIpResult = run(
                Map.of(),
                "gnutls-cli",
                "--x509cafile",
                caFile.toString(),
                "-p",
                String.valueOf(byIp.port()),
                "127.0.0.1");

        assertThat(byNameResult.exitCode()).as(byNameResult.toString()).isZero();
        assertThat(byNameResult.output())
                .as(byNameResult.toString())
                .contains("- Status: The certificate is trusted.")
                .contains("- Application protocol: h2");
        assertThat(byIpResult.exitCode()).as(byIpResult.toString()).isZero();
        assertThat(byIpResult.output()).as(byIpResult.toString()).contains("- Status: The certificate is trusted.");
    }

    @Test
    void gitOverGnutlsTrustsTheBundleAndGetsPastTlsToTheHttpAnswer() throws Exception {
        assumeInstalled("git");
        String url = "https://" + HOST + ":" + byName.port() + "/x";
        String resolve = "http.curloptResolve=" + HOST + ":" + byName.port() + ":127.0.0.1";
        Map<String, String> quiet = Map.of("GIT_TERMINAL_PROMPT", "0", "GIT_CONFIG_NOSYSTEM", "1");

        // The test server speaks HTTP/1.1 only; the leaf's ALPN would choose h2 for git's libcurl.
        var trusted = run(withCa(quiet), "git", "-c", resolve, "-c", "http.version=HTTP/1.1", "ls-remote", url);
        var untrusted = run(quiet, "git", "-c", resolve, "ls-remote", url);

        assertThat(trusted.exitCode()).as(trusted.toString()).isNotZero();
        assertThat(trusted.stderr())
                .as(trusted.toString())
                .contains("not found")
                .doesNotContainIgnoringCase("certificate");
        assertThat(untrusted.stderr()).as("without the vault CA: " + untrusted).containsIgnoringCase("certificate");
    }

    private static Map<String, String> withCa(Map<String, String> environment) {
        var copy = new java.util.HashMap<>(environment);
        copy.put("GIT_SSL_CAINFO", bundleFile.toString());
        return copy;
    }

    private static void assumeInstalled(String binary) {
        assumeTrue(
                ExternalClient.installed(binary),
                binary + " is not installed in /usr/bin or /bin; skipping its handshake");
    }

    private static ExternalClient.Result run(Map<String, String> environment, String... command)
            throws IOException, InterruptedException {
        return ExternalClient.run(home, environment, command);
    }
}
