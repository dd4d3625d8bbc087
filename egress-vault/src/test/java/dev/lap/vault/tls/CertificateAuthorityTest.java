package dev.lap.vault.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path state;

    private Path privateDir() {
        return state.resolve("private");
    }

    @Test
    void firstStartCreatesKeyReadableByOwnerOnlyInOwnerOnlyDirectory() throws IOException {
        CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(privateDir().resolve("ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(Files.readString(privateDir().resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(privateDir().resolve("ca.crt")).exists();
        try (Stream<Path> files = Files.list(privateDir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ca-key.pem", "ca.crt");
        }
    }

    @Test
    void createdCaIsConstrainedSelfSignedP256() throws Exception {
        X509Certificate ca =
                CertificateAuthority.loadOrCreate(privateDir(), "lap test CA").certificate();
        JcaX509CertificateHolder holder = new JcaX509CertificateHolder(ca);

        assertThat(ca.getSubjectX500Principal()).isEqualTo(new X500Principal("CN=lap test CA, O=lap"));
        assertThat(ca.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        ca.verify(ca.getPublicKey());
        assertThat(((ECPublicKey) ca.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ca.getBasicConstraints()).isZero();
        assertThat(holder.getExtension(Extension.basicConstraints).isCritical()).isTrue();
        assertThat(ca.getKeyUsage()).containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(holder.getExtension(Extension.keyUsage).isCritical()).isTrue();
        assertThat(holder.getExtension(Extension.subjectKeyIdentifier)).isNotNull();
        assertThat(ca.getSerialNumber().signum()).isPositive();
        assertThat(ca.getSerialNumber().bitLength()).isGreaterThanOrEqualTo(128);
        Instant now = Instant.now();
        assertThat(ca.getNotBefore().toInstant())
                .isBetween(now.minus(Duration.ofHours(25)), now.minus(Duration.ofHours(23)));
        assertThat(Duration.between(now, ca.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3655L);
    }

    @Test
    void secondStartLoadsTheSameCa() throws IOException {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        CertificateAuthority second = CertificateAuthority.loadOrCreate(privateDir(), "another name");

        assertThat(second.certificate()).isEqualTo(first.certificate());
        assertThat(second.certificatePem()).isEqualTo(first.certificatePem());
        assertThat(second.privateKey().getEncoded())
                .isEqualTo(first.privateKey().getEncoded());
        assertThat(second.keyIdentifier()).isEqualTo(first.keyIdentifier());
    }

    @Test
    void corruptKeyFileFailsNamingTheFile() throws IOException {
        CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        Path key = privateDir().resolve("ca-key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----\n");

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(privateDir(), "lap test CA"))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith(key + ": ")
                .hasMessageContaining("not valid PEM")
                .satisfies(e -> assertThat(((TlsFileException) e).file()).isEqualTo(key));
    }

    @Test
    void keyOfAnotherCaFailsAsMismatchAndSaysHowToRecover() throws IOException {
        CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        Path other = state.resolve("other");
        CertificateAuthority.loadOrCreate(other, "other CA");
        Files.copy(
                other.resolve("ca-key.pem"), privateDir().resolve("ca-key.pem"), StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(privateDir(), "lap test CA"))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith(privateDir().resolve("ca.crt") + ": ")
                .hasMessageContaining("does not belong to the private key in ca-key.pem")
                .hasMessageContaining("to create a new CA");
    }

    @Test
    void certificateWithoutKeyFailsInsteadOfCreatingASecondCa() throws IOException {
        CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        Files.delete(privateDir().resolve("ca-key.pem"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(privateDir(), "lap test CA"))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("ca-key.pem: is missing but ca.crt exists");
        assertThat(privateDir().resolve("ca-key.pem")).doesNotExist();
    }

    @Test
    void keyReadableByOthersIsRefused() throws IOException {
        CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        Path key = privateDir().resolve("ca-key.pem");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(privateDir(), "lap test CA"))
                .isInstanceOf(TlsFileException.class)
                .hasMessageStartingWith(key + ": has permissions rw-r--r--")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void privateDirectoryOpenToOthersIsRefused() throws IOException {
        Files.createDirectories(privateDir());
        Files.setPosixFilePermissions(privateDir(), PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThatThrownBy(() -> CertificateAuthority.loadOrCreate(privateDir(), "lap test CA"))
                .isInstanceOf(TlsFileException.class)
                .hasMessageContaining("chmod 700");
        assertThat(privateDir().resolve("ca-key.pem")).doesNotExist();
    }

    @Test
    void trustFilesHoldTheCaAloneAndTheCaFollowedBySystemRoots() throws IOException {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        Path caCrt = state.resolve("ca.crt");
        Path bundle = state.resolve("ca-bundle.pem");

        ca.writeTrustFiles(caCrt, bundle);

        assertThat(Files.readString(caCrt)).isEqualTo(ca.certificatePem());
        String bundleText = Files.readString(bundle, StandardCharsets.US_ASCII);
        assertThat(bundleText).startsWith(ca.certificatePem()).endsWith("-----END CERTIFICATE-----\n");
        assertThat(bundleText.replace("-----END CERTIFICATE-----\n", ""))
                .as("every block ends with a newline")
                .doesNotContain("-----END CERTIFICATE-----");
        List<X509Certificate> certificates = Pem.readCertificates(bundle);
        assertThat(certificates.getFirst()).isEqualTo(ca.certificate());
        assertThat(certificates).hasSizeGreaterThan(50).containsAll(SystemRoots.load());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle)))
                .isEqualTo("rw-r--r--");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(caCrt)))
                .isEqualTo("rw-r--r--");
        assertThat(bundleText).doesNotContain("PRIVATE KEY");
    }

    @Test
    void privateKeyIsWrittenOnlyToThePrivateDirectory() throws IOException {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(privateDir(), "lap test CA");
        ca.writeTrustFiles(state.resolve("ca.crt"), state.resolve("ca-bundle.pem"));
        ca.writeTrustFiles(state.resolve("ca.crt"), state.resolve("ca-bundle.pem"));

        try (Stream<Path> files = Files.walk(state)) {
            assertThat(files.filter(Files::isRegularFile).filter(CertificateAuthorityTest::holdsPrivateKey))
                    .containsExactly(privateDir().resolve("ca-key.pem"));
        }
        try (Stream<Path> files = Files.list(state)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("ca.crt", "ca-bundle.pem", "private");
        }
    }

    private static boolean holdsPrivateKey(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains("PRIVATE KEY");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
