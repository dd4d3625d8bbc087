package dev.lap.vault.it;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * "The internet" for integration tests and the benchmark: a test CA, unrelated to any vault's CA, and one server
 * certificate it signs for every fake upstream host. The vault trusts it through
 * {@code --upstream-ca}; the sandbox's clients never see it.
 */
public final class TestPki {
    public final X509Certificate ca;
    public final Path caPem;
    public final SSLContext serverContext;
    private final PrivateKey serverKey;
    private final X509Certificate server;

    private TestPki(
            X509Certificate ca, Path caPem, SSLContext serverContext, PrivateKey serverKey, X509Certificate server) {
        this.ca = ca;
        this.caPem = caPem;
        this.serverContext = serverContext;
        this.serverKey = serverKey;
        this.server = server;
    }

    /** The same server certificate for a Netty server (the benchmark's upstream). */
    public SslContext nettyServerContext() throws SSLException {
        return SslContextBuilder.forServer(serverKey, server, ca)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
    }

    public static TestPki create(Path dir, List<String> hosts) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKey = gen.generateKeyPair();
        KeyPair leafKey = gen.generateKeyPair();
        Instant now = Instant.now();
        var utils = new JcaX509ExtensionUtils();
        X500Name caName = new X500Name("CN=lap test upstream CA");
        var caBuilder = new JcaX509v3CertificateBuilder(
                        caName,
                        BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                        Date.from(now.minus(Duration.ofDays(1))),
                        Date.from(now.plus(Duration.ofDays(30))),
                        caName,
                        caKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(
                        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(caKey.getPublic()));
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate());
        X509Certificate ca = new JcaX509CertificateConverter().getCertificate(caBuilder.build(signer));

        GeneralName[] names = hosts.stream()
                .map(h -> h.matches("[0-9.]+")
                        ? new GeneralName(GeneralName.iPAddress, h)
                        : new GeneralName(GeneralName.dNSName, h))
                .toArray(GeneralName[]::new);
        var leafBuilder = new JcaX509v3CertificateBuilder(
                        ca,
                        BigInteger.valueOf(new SecureRandom().nextLong() & Long.MAX_VALUE),
                        Date.from(now.minus(Duration.ofHours(1))),
                        Date.from(now.plus(Duration.ofDays(7))),
                        new X500Name("CN=" + hosts.get(0)),
                        leafKey.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                .addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(ca))
                .addExtension(
                        Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(leafKey.getPublic()));
        X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(leafBuilder.build(signer));

        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("upstream", leafKey.getPrivate(), new char[0], new X509Certificate[] {leaf, ca});
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);

        Path caPem = dir.resolve("upstream-ca.pem");
        Files.writeString(caPem, pem(ca));
        return new TestPki(ca, caPem, context, leafKey.getPrivate(), leaf);
    }

    static String pem(Object o) throws IOException {
        var out = new StringWriter();
        try (var w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        }
        return out.toString();
    }
}
