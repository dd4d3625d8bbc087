package dev.lap.vault.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.X509TrustedCertificateBlock;

/** Reading and writing the PEM files the vault keeps and hands to sandboxes. */
final class Pem {
    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {}

    /** One PEM block; it always ends with a newline, so blocks concatenate into a valid bundle. */
    static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate has no DER encoding", e);
        }
    }

    /** Unencrypted PKCS#8, the form OpenSSL, the JDK and BouncyCastle all read. */
    static String privateKey(PrivateKey key) {
        return block("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Every certificate in a PEM file; text outside the blocks is ignored, as OpenSSL does.
     *
     * @throws TlsFileException when the file is missing, malformed, holds something other than
     *     certificates, or holds none
     */
    static List<X509Certificate> readCertificates(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : readObjects(file)) {
            X509CertificateHolder holder = switch (object) {
                case X509CertificateHolder h -> h;
                case X509TrustedCertificateBlock trusted -> trusted.getCertificateHolder();
                default ->
                    throw new TlsFileException(
                            file, "holds a " + describe(object) + " where only CERTIFICATE blocks belong");
            };
            try {
                certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
            } catch (GeneralSecurityException e) {
                throw new TlsFileException(file, "holds a certificate the JDK cannot read: " + e.getMessage(), e);
            }
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(file, "holds no -----BEGIN CERTIFICATE----- block");
        }
        return List.copyOf(certificates);
    }

    /**
     * The one private key in a PEM file, PKCS#8 ({@code PRIVATE KEY}) or SEC 1/PKCS#1 ({@code EC
     * PRIVATE KEY}, {@code RSA PRIVATE KEY}); EC and RSA keys are supported.
     */
    static PrivateKey readPrivateKey(Path file) throws IOException {
        List<Object> objects = readObjects(file);
        if (objects.size() != 1) {
            throw new TlsFileException(
                    file, "holds " + objects.size() + " PEM blocks where exactly one private key belongs");
        }
        PrivateKeyInfo info = switch (objects.getFirst()) {
            case PrivateKeyInfo i -> i;
            case PEMKeyPair pair -> pair.getPrivateKeyInfo();
            default ->
                throw new TlsFileException(
                        file, "holds a " + describe(objects.getFirst()) + " where an unencrypted private key belongs");
        };
        var algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String jcaName;
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            jcaName = "EC";
        } else if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            jcaName = "RSA";
        } else {
            throw new TlsFileException(
                    file, "holds a key of algorithm " + algorithm + "; only EC and RSA are supported");
        }
        try {
            return KeyFactory.getInstance(jcaName).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsFileException(file, "holds a private key that does not decode: " + e.getMessage(), e);
        }
    }

    private static List<Object> readObjects(Path file) throws IOException {
        List<Object> objects = new ArrayList<>();
        // ISO-8859-1 maps every byte, so a binary (DER) file shows up as "no PEM block", not as a
        // charset error.
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (NoSuchFileException e) {
            throw new TlsFileException(file, "does not exist", e);
        } catch (FileSystemException e) {
            throw new TlsFileException(file, "cannot be read (" + e.getReason() + ")", e);
        } catch (IOException | RuntimeException e) {
            // BouncyCastle reports bad base64 or DER as runtime exceptions as well as IOExceptions.
            throw new TlsFileException(file, "is not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String describe(Object pemObject) {
        return pemObject.getClass().getSimpleName() + " block";
    }
}
