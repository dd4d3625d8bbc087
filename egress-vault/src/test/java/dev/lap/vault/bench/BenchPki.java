package dev.lap.vault.bench;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
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
 * The benchmark's stand-in for the public PKI: its own CA (written to {@code upstream-ca.pem}, the
 * file the vault gets as {@code --upstream-ca} and mitmproxy as its trusted upstream CA) and one
 * P-256 server certificate naming every benchmark host. Unrelated to the vault's CA.
 */
final class BenchPki {
    final X509Certificate ca;
    final Path caPem;
    final SslContext serverContext;

    private BenchPki(X509Certificate ca, Path caPem, SslContext serverContext) {
        this.ca = ca;
        this.caPem = caPem;
        this.serverContext = serverContext;
    }

    static BenchPki create(Path dir, List<String> hosts) throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair caKey = gen.generateKeyPair();
        KeyPair serverKey = gen.generateKeyPair();
        Instant now = Instant.now();
        var ext = new JcaX509ExtensionUtils();
        var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(caKey.getPrivate());
        X500Name caName = new X500Name("CN=lap bench upstream CA");
        X509Certificate ca = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                caName,
                                serial(),
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(7))),
                                caName,
                                caKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign))
                        .addExtension(
                                Extension.subjectKeyIdentifier,
                                false,
                                ext.createSubjectKeyIdentifier(caKey.getPublic()))
                        .build(signer));
        GeneralName[] names =
                hosts.stream().map(h -> new GeneralName(GeneralName.dNSName, h)).toArray(GeneralName[]::new);
        X509Certificate server = new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                ca,
                                serial(),
                                Date.from(now.minus(Duration.ofHours(1))),
                                Date.from(now.plus(Duration.ofDays(7))),
                                new X500Name("CN=" + hosts.get(0)),
                                serverKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                        .addExtension(
                                Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names))
                        .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca))
                        .build(signer));
        SslContext context = SslContextBuilder.forServer(serverKey.getPrivate(), server, ca)
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2")
                .build();
        Path caPem = dir.resolve("upstream-ca.pem");
        var text = new StringWriter();
        try (var w = new JcaPEMWriter(text)) {
            w.writeObject(ca);
        }
        Files.writeString(caPem, text.toString());
        return new BenchPki(ca, caPem, context);
    }

    private static BigInteger serial() {
        return new BigInteger(120, new SecureRandom()).add(BigInteger.ONE);
    }
}
