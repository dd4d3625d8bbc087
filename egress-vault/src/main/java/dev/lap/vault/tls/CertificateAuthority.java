package dev.lap.vault.tls;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The vault's certificate authority: the key that signs every leaf the vault presents to a
 * sandbox, and the self-signed certificate the sandbox trusts.
 *
 * <p>The CA is created once and kept, so a sandbox (or a developer's machine) that trusted it
 * keeps trusting the vault across restarts. {@code privateDir} holds {@value #KEY_FILE} (PKCS#8
 * PEM, mode 0600, in a 0700 directory) and {@value #CERT_FILE}; the key is never written anywhere
 * else. Sandboxes get the certificate through {@link #writeTrustFiles(Path, Path)}.
 */
public final class CertificateAuthority {
    static final String KEY_FILE = "ca-key.pem";
    static final String CERT_FILE = "ca.crt";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Period LIFETIME = Period.ofYears(10);
    private static final Duration BACKDATE = Duration.ofDays(1);

    private final X509Certificate certificate;
    private final PrivateKey privateKey;
    private final byte[] keyIdentifier;
    private final String certificatePem;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey, byte[] keyIdentifier) {
        this.certificate = certificate;
        this.privateKey = privateKey;
        this.keyIdentifier = keyIdentifier.clone();
        this.certificatePem = Pem.certificate(certificate);
    }

    /**
     * Loads the CA kept in {@code privateDir}, or creates one there when the directory holds
     * neither file.
     *
     * @param privateDir the vault's private directory, created 0700 when absent and required to be
     *     private to the vault's user when present
     * @param commonName the CN of a newly created CA (its O is {@code lap}); a loaded CA keeps the
     *     name it was created with
     * @throws TlsFileException when one of the two files is missing, either is malformed, they do
     *     not belong together, the CA has expired, or the key could be read by others
     * @throws IOException when the file system fails
     */
    public static CertificateAuthority loadOrCreate(Path privateDir, String commonName) throws IOException {
        requireNonNull(privateDir, "privateDir");
        requireNonNull(commonName, "commonName");
        if (commonName.isBlank()) {
            throw new IllegalArgumentException("commonName is blank");
        }
        StateFiles.ensurePrivateDirectory(privateDir);
        Path keyFile = privateDir.resolve(KEY_FILE);
        Path certFile = privateDir.resolve(CERT_FILE);
        boolean hasKey = Files.exists(keyFile, LinkOption.NOFOLLOW_LINKS);
        boolean hasCert = Files.exists(certFile, LinkOption.NOFOLLOW_LINKS);
        if (!hasKey && !hasCert) {
            return create(keyFile, certFile, commonName);
        }
        if (!hasKey) {
            throw new TlsFileException(
                    keyFile,
                    "is missing but " + certFile.getFileName() + " exists, so the CA cannot sign;"
                            + " restore the key, or delete " + certFile + " to create a new CA"
                            + " (sandboxes must then be given the new ca.crt)");
        }
        if (!hasCert) {
            throw new TlsFileException(
                    certFile,
                    "is missing but " + keyFile.getFileName() + " exists; restore the certificate,"
                            + " or delete " + keyFile + " to create a new CA"
                            + " (sandboxes must then be given the new ca.crt)");
        }
        return load(keyFile, certFile);
    }

    /** The CA's self-signed certificate. */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The CA's certificate as one PEM block ending with a newline. */
    public String certificatePem() {
        return certificatePem;
    }

    /**
     * Writes what a sandbox needs to trust the vault, each file replaced atomically and readable
     * by all: {@code caCrt} holds the CA certificate alone, and {@code caBundle} holds the CA
     * followed by the system's root certificates (see {@link SystemRoots}), so that clients
     * pointed at the bundle through {@code SSL_CERT_FILE}, {@code GIT_SSL_CAINFO} and the like
     * trust both the vault and the sites they reach without it.
     */
    public void writeTrustFiles(Path caCrt, Path caBundle) throws IOException {
        requireNonNull(caCrt, "caCrt");
        requireNonNull(caBundle, "caBundle");
        StringBuilder bundle = new StringBuilder(certificatePem);
        for (X509Certificate root : SystemRoots.load()) {
            if (!root.equals(certificate)) {
                bundle.append(Pem.certificate(root));
            }
        }
        StateFiles.writeAtomically(caCrt, certificatePem, StateFiles.WORLD_READABLE_FILE);
        StateFiles.writeAtomically(caBundle, bundle.toString(), StateFiles.WORLD_READABLE_FILE);
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    /** The CA's subject key identifier, which every leaf names as its authority key identifier. */
    byte[] keyIdentifier() {
        return keyIdentifier.clone();
    }

    /** The signature algorithm that matches the CA's key. */
    String signatureAlgorithm() {
        return signatureAlgorithm(privateKey.getAlgorithm());
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        return switch (keyAlgorithm) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalStateException("unsupported CA key algorithm " + keyAlgorithm);
        };
    }

    private static CertificateAuthority create(Path keyFile, Path certFile, String commonName) throws IOException {
        KeyPair keyPair = newEcKeyPair();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "lap")
                .addRDN(BCStyle.CN, commonName)
                .build();
        Instant now = Instant.now();
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.atOffset(ZoneOffset.UTC).plus(LIFETIME).toInstant();
        SubjectKeyIdentifier ski = keyIdentifierOf(keyPair.getPublic());
        X509Certificate certificate;
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            subject,
                            randomSerial(),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            subject,
                            keyPair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ski);
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm("EC")).build(keyPair.getPrivate());
            certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("creating the CA certificate failed", e);
        }
        // Key first: a crash between the two writes leaves a key without a certificate, which
        // loadOrCreate reports instead of silently creating a second CA.
        StateFiles.writeAtomically(keyFile, Pem.privateKey(keyPair.getPrivate()), StateFiles.OWNER_ONLY_FILE);
        StateFiles.writeAtomically(certFile, Pem.certificate(certificate), StateFiles.WORLD_READABLE_FILE);
        return new CertificateAuthority(certificate, keyPair.getPrivate(), ski.getKeyIdentifier());
    }

    private static CertificateAuthority load(Path keyFile, Path certFile) throws IOException {
        StateFiles.requireOwnerOnly(keyFile, "chmod 600");
        List<X509Certificate> certificates = Pem.readCertificates(certFile);
        if (certificates.size() != 1) {
            throw new TlsFileException(
                    certFile, "holds " + certificates.size() + " certificates where exactly one, the CA's, belongs");
        }
        X509Certificate certificate = certificates.getFirst();
        PrivateKey key = Pem.readPrivateKey(keyFile);
        String replace = "; delete both " + keyFile + " and " + certFile
                + " to create a new CA (sandboxes must then be given the new ca.crt)";
        List<String> problems = new ArrayList<>();
        if (certificate.getBasicConstraints() < 0) {
            problems.add("is not a CA certificate (basicConstraints CA:true is missing)");
        }
        if (!certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())
                || !keyMatches(key, certificate.getPublicKey())) {
            problems.add("does not belong to the private key in " + keyFile.getFileName()
                    + " (the key cannot produce signatures the certificate verifies)");
        }
        try {
            certificate.checkValidity();
        } catch (CertificateExpiredException e) {
            problems.add("expired on " + certificate.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            problems.add("is not valid before " + certificate.getNotBefore().toInstant()
                    + " (is this machine's clock right?)");
        }
        if (!problems.isEmpty()) {
            throw new TlsFileException(certFile, String.join(", and ", problems) + replace);
        }
        return new CertificateAuthority(certificate, key, keyIdentifierOf(certificate));
    }

    private static boolean keyMatches(PrivateKey key, PublicKey publicKey) {
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            String algorithm = signatureAlgorithm(key.getAlgorithm());
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return false;
        }
    }

    private static byte[] keyIdentifierOf(X509Certificate certificate) throws IOException {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            return keyIdentifierOf(certificate.getPublicKey()).getKeyIdentifier();
        }
        return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(extension))
                .getKeyIdentifier();
    }

    static SubjectKeyIdentifier keyIdentifierOf(PublicKey key) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    static KeyPair newEcKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate P-256 keys", e);
        }
    }

    /** A positive 159-bit serial with 158 random bits: unpredictable, and at most 20 octets as DER. */
    static BigInteger randomSerial() {
        return new BigInteger(159, RANDOM).setBit(158);
    }
}
