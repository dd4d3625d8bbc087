package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class X509Test {
    private static KeyPair rootKey;
    private static KeyPair leafKey;
    private static String rootPem;
    private static String leafPem;

    @BeforeAll
    static void issueChain() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        rootKey = rsa.generateKeyPair();
        leafKey = rsa.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate root = sign(
                new JcaX509v3CertificateBuilder(
                                new X500Name("CN=Test Root"),
                                BigInteger.ONE,
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(30))),
                                new X500Name("CN=Test Root"),
                                rootKey.getPublic())
                        .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                        .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
                rootKey.getPrivate());
        X509Certificate leaf = sign(
                new JcaX509v3CertificateBuilder(
                                root,
                                BigInteger.TWO,
                                Date.from(now.minus(Duration.ofDays(1))),
                                Date.from(now.plus(Duration.ofDays(10))),
                                new X500Name("CN=svc.example.com, O=Example"),
                                leafKey.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                            new GeneralName(GeneralName.dNSName, "svc.example.com"),
                            new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.com/svc")
                        })),
                rootKey.getPrivate());
        rootPem = pem("CERTIFICATE", root.getEncoded());
        leafPem = pem("CERTIFICATE", leaf.getEncoded());
    }

    private static X509Certificate sign(org.bouncycastle.cert.X509v3CertificateBuilder b, PrivateKey key)
            throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END " + type
                + "-----\n";
    }

    @Test
    void parseCertificatesShowsGoFieldNames() throws Exception {
        ObjectValue leaf = (ObjectValue) ((ArrayValue) call("crypto.x509.parse_certificates", str(leafPem))).get(0);
        assertThat(((ObjectValue) leaf.get("Subject")).get("CommonName")).isEqualTo(str("svc.example.com"));
        assertThat(((ObjectValue) leaf.get("Subject")).get("Organization")).isEqualTo(json("[\"Example\"]"));
        assertThat(leaf.get("DNSNames")).isEqualTo(json("[\"svc.example.com\"]"));
        assertThat(leaf.get("URIStrings")).isEqualTo(json("[\"spiffe://example.com/svc\"]"));
        assertThat(leaf.get("EmailAddresses")).isEqualTo(json("null"));
        assertThat(leaf.get("SerialNumber")).isEqualTo(json("2"));
        assertThat(leaf.get("Version")).isEqualTo(json("3"));
        assertThat(leaf.get("SignatureAlgorithm")).isEqualTo(json("4"));
        assertThat(leaf.get("PublicKeyAlgorithm")).isEqualTo(json("1"));
    }

    @Test
    void base64DerAndBase64PemReadLikePem() throws Exception {
        Value fromPem = call("crypto.x509.parse_certificates", str(rootPem + leafPem));
        String b64Pem = Base64.getEncoder().encodeToString((rootPem + leafPem).getBytes());
        assertThat(call("crypto.x509.parse_certificates", str(b64Pem))).isEqualTo(fromPem);
        assertThat(((ArrayValue) fromPem).size()).isEqualTo(2);
    }

    @Test
    void malformedInputFailsWithGoMessages() {
        assertThat(failure("crypto.x509.parse_certificates", str("YmFkc3RyaW5n"))
                        .getMessage())
                .contains("x509: malformed certificate");
        assertThat(failure("crypto.x509.parse_certificates", str("foobar")).getMessage())
                .contains("illegal base64");
    }

    @Test
    void verifiedChainRunsLeafToRoot() throws Exception {
        ArrayValue result = (ArrayValue) call("crypto.x509.parse_and_verify_certificates", str(rootPem + leafPem));
        assertThat(result.get(0)).isEqualTo(BooleanValue.TRUE);
        ArrayValue chain = (ArrayValue) result.get(1);
        assertThat(((ObjectValue) ((ObjectValue) chain.get(0)).get("Subject")).get("CommonName"))
                .isEqualTo(str("svc.example.com"));
        assertThat(((ObjectValue) ((ObjectValue) chain.get(1)).get("Subject")).get("CommonName"))
                .isEqualTo(str("Test Root"));
    }

    @Test
    void chainInTheWrongOrderOrAloneDoesNotVerify() throws Exception {
        Value invalid = json("[false, []]");
        assertThat(call("crypto.x509.parse_and_verify_certificates", str(leafPem + rootPem)))
                .isEqualTo(invalid);
        assertThat(call("crypto.x509.parse_and_verify_certificates", str(leafPem)))
                .isEqualTo(invalid);
        assertThat(call("crypto.x509.parse_and_verify_certificates", str("garbage")))
                .isEqualTo(invalid);
    }

    @Test
    void optionsCheckHostnameTimeAndUsage() throws Exception {
        String chain = rootPem + leafPem;
        String options = "crypto.x509.parse_and_verify_certificates_with_options";
        assertThat(((ArrayValue) call(options, str(chain), json("{\"DNSName\": \"svc.example.com\"}"))).get(0))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(((ArrayValue) call(options, str(chain), json("{\"DNSName\": \"other.example.com\"}"))).get(0))
                .isEqualTo(BooleanValue.FALSE);
        long later = Instant.now().plus(Duration.ofDays(20)).toEpochMilli() * 1_000_000L;
        assertThat(((ArrayValue) call(options, str(chain), json("{\"CurrentTime\": " + later + "}"))).get(0))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(((ArrayValue) call(options, str(chain), json("{\"KeyUsages\": [\"KeyUsageClientAuth\"]}"))).get(0))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(failure(options, str(chain), json("{\"KeyUsages\": [\"Nope\"]}"))
                        .getMessage())
                .endsWith("invalid entries for 'KeyUsages' found: [Nope]");
        assertThat(failure(options, str(chain), json("{\"Other\": 1}")).getMessage())
                .endsWith("invalid key option");
    }

    @Test
    void keyPairMustMatchTheCertificate() throws Exception {
        String key = pem("PRIVATE KEY", leafKey.getPrivate().getEncoded());
        ObjectValue pair = (ObjectValue) call("crypto.x509.parse_keypair", str(leafPem), str(key));
        assertThat(((ArrayValue) pair.get("Certificate")).size()).isEqualTo(1);
        String otherKey = pem("PRIVATE KEY", rootKey.getPrivate().getEncoded());
        assertThat(failure("crypto.x509.parse_keypair", str(leafPem), str(otherKey))
                        .getMessage())
                .endsWith("tls: private key does not match public key");
    }

    @Test
    void privateKeysOfEveryPemKindAreRead() throws Exception {
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        KeyPair ecKey = ec.generateKeyPair();
        String pems = pem("PRIVATE KEY", leafKey.getPrivate().getEncoded())
                + pem("CERTIFICATE", new byte[] {1})
                + pem("PRIVATE KEY", ecKey.getPrivate().getEncoded());
        ArrayValue keys = (ArrayValue) call("crypto.parse_private_keys", str(pems));
        assertThat(keys.size()).isEqualTo(2);
        assertThat(((ObjectValue) keys.get(1)).get("X")).isNotNull();
        assertThat(call("crypto.parse_private_keys", str(""))).isEqualTo(json("null"));
        assertThat(call("crypto.parse_private_keys", str("nope"))).isEqualTo(json("[]"));
    }

    @Test
    void rsaPrivateKeyComesBackAsJwk() throws Exception {
        ObjectValue jwk = (ObjectValue) call(
                "crypto.x509.parse_rsa_private_key",
                str(pem("PRIVATE KEY", leafKey.getPrivate().getEncoded())));
        assertThat(jwk.get("kty")).isEqualTo(StringValue.of("RSA"));
        assertThat(jwk.get("e")).isEqualTo(StringValue.of("AQAB"));
        assertThat(failure("crypto.x509.parse_rsa_private_key", str("")).getMessage())
                .endsWith("input PEM data was empty");
    }
}
