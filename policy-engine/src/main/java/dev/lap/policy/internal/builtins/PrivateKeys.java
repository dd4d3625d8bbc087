package dev.lap.policy.internal.builtins;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Private keys from PEM as Go's {@code crypto/x509} reads them: PKCS #1 ({@code RSA PRIVATE
 * KEY}), PKCS #8 ({@code PRIVATE KEY}) and SEC 1 ({@code EC PRIVATE KEY}). Each comes with its
 * public key, which Go's key structs embed and OPA's JSON shows.
 */
final class PrivateKeys {
    private PrivateKeys() {}

    record KeyPair(PrivateKey privateKey, PublicKey publicKey) {}

    /**
     * OPA's {@code getPrivateKeysFromPEMData}: base64 of PEM is unwrapped when it decodes; blocks of
     * other types are skipped; a key block that does not parse is an error.
     */
    static List<KeyPair> fromPem(String builtin, String text) throws BuiltinException {
        try {
            text = X509.latin1(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException notBase64) {
            // Plain PEM text, used as it is.
        }
        List<KeyPair> keys = new ArrayList<>();
        for (Pem b = Pem.decode(text); b != null; b = b.rest().isEmpty() ? null : Pem.decode(b.rest())) {
            switch (b.type()) {
                case "RSA PRIVATE KEY" -> keys.add(pkcs1(builtin, b.bytes()));
                case "PRIVATE KEY" -> keys.add(pkcs8(builtin, b.bytes()));
                case "EC PRIVATE KEY" -> keys.add(sec1(builtin, b.bytes()));
                default -> {}
            }
        }
        return keys;
    }

    /** {@code crypto/tls}'s key parsing: whichever of PKCS #1, PKCS #8 and SEC 1 reads the bytes. */
    static KeyPair parseAnyFormat(String builtin, byte[] der) throws BuiltinException {
        for (int format = 0; format < 3; format++) {
            try {
                return switch (format) {
                    case 0 -> pkcs1(builtin, der);
                    case 1 -> pkcs8(builtin, der);
                    default -> sec1(builtin, der);
                };
            } catch (BuiltinException next) {
                // Try the next format, as Go does.
            }
        }
        throw BuiltinException.failed(builtin, "tls: failed to parse private key");
    }

    /** The first key as a JWK, as OPA's {@code parse_rsa_private_key} returns it despite its name. */
    static Value jwk(String builtin, KeyPair key) throws BuiltinException {
        Map<String, Object> json;
        try {
            json = switch (key.privateKey()) {
                case RSAPrivateCrtKey rsa ->
                    new RSAKey.Builder((RSAPublicKey) key.publicKey())
                            .privateKey(rsa)
                            .build()
                            .toJSONObject();
                case ECPrivateKey ec ->
                    new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), (ECPublicKey) key.publicKey())
                            .privateKey(ec)
                            .build()
                            .toJSONObject();
                default -> throw BuiltinException.failed(builtin, "unknown key type");
            };
        } catch (IllegalArgumentException | NullPointerException e) {
            throw BuiltinException.failed(builtin, "unsupported key: " + e.getMessage());
        }
        ObjectValue.Builder out = ObjectValue.builder();
        json.forEach((k, v) -> out.put(k, StringValue.of(String.valueOf(v))));
        return out.build();
    }

    private static KeyPair pkcs1(String builtin, byte[] der) throws BuiltinException {
        try {
            RSAPrivateKey k = RSAPrivateKey.getInstance(der);
            KeyFactory kf = KeyFactory.getInstance("RSA");
            PrivateKey priv = kf.generatePrivate(new RSAPrivateCrtKeySpec(
                    k.getModulus(),
                    k.getPublicExponent(),
                    k.getPrivateExponent(),
                    k.getPrime1(),
                    k.getPrime2(),
                    k.getExponent1(),
                    k.getExponent2(),
                    k.getCoefficient()));
            PublicKey pub = kf.generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
            return new KeyPair(priv, pub);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw BuiltinException.failed(builtin, "x509: failed to parse private key (PKCS #1)");
        }
    }

    private static KeyPair pkcs8(String builtin, byte[] der) throws BuiltinException {
        PrivateKeyInfo info;
        try {
            info = PrivateKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw BuiltinException.failed(builtin, "x509: failed to parse private key (PKCS #8)");
        }
        ASN1ObjectIdentifier alg = info.getPrivateKeyAlgorithm().getAlgorithm();
        try {
            if (alg.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return pkcs1(builtin, info.parsePrivateKey().toASN1Primitive().getEncoded());
            }
            if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                return ec(info);
            }
            PrivateKey priv = new JcaPEMKeyConverter().getPrivateKey(info);
            // Ed25519: the public key is derived by the JDK when it re-encodes the key pair.
            PublicKey pub = ed25519Public(info);
            return new KeyPair(priv, pub);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw BuiltinException.failed(builtin, "x509: failed to parse private key (PKCS #8)");
        }
    }

    private static KeyPair sec1(String builtin, byte[] der) throws BuiltinException {
        try {
            var sec1 = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(der);
            var info = new PrivateKeyInfo(
                    new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, sec1.getParametersObject()), sec1);
            return ec(info);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw BuiltinException.failed(builtin, "x509: failed to parse EC private key");
        }
    }

    /** An EC key and its public point, which SEC 1 may omit: d·G on the named curve. */
    private static KeyPair ec(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        ECPrivateKey priv = (ECPrivateKey) new JcaPEMKeyConverter().getPrivateKey(info);
        ASN1ObjectIdentifier curve =
                ASN1ObjectIdentifier.getInstance(info.getPrivateKeyAlgorithm().getParameters());
        X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
        if (x9 == null) {
            throw new GeneralSecurityException("unknown elliptic curve " + curve);
        }
        var q = x9.getG().multiply(priv.getS()).normalize();
        ECPoint w = new ECPoint(
                q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
        PublicKey pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, priv.getParams()));
        return new KeyPair(priv, pub);
    }

    private static PublicKey ed25519Public(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        byte[] seed = org.bouncycastle.asn1.ASN1OctetString.getInstance(info.parsePrivateKey())
                .getOctets();
        byte[] raw = new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(seed, 0)
                .generatePublicKey()
                .getEncoded();
        var spki = new org.bouncycastle.asn1.x509.SubjectPublicKeyInfo(info.getPrivateKeyAlgorithm(), raw);
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new java.security.spec.X509EncodedKeySpec(spki.getEncoded()));
    }
}
