package dev.lap.policy.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Keys for {@code io.jwt.*}: a PEM certificate or public key, or a JWK or JWK set, as OPA reads
 * them. Verification keys are {@link PublicKey}s or, for JWK {@code oct} keys, the secret bytes.
 */
final class JwtKeys {
    private JwtKeys() {}

    /** A key to verify with; {@code alg} and {@code kid} are empty unless a JWK names them. */
    record VerificationKey(String alg, String kid, Object key) {}

    /** Thrown with OPA's message for a key that cannot be read. */
    static final class KeyException extends Exception {
        private static final long serialVersionUID = 1L;

        KeyException(String message) {
            super(message, null, false, false);
        }
    }

    // DER prefixes of Ed25519's SubjectPublicKeyInfo and PKCS #8 encodings; the raw key follows.
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final byte[] ED25519_PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");

    /** The keys in a PEM block (exactly one, nothing after it) or else a JWK or JWK set. */
    static List<VerificationKey> verificationKeys(String text) throws KeyException {
        Pem block = Pem.decode(text);
        if (block != null) {
            if (!block.rest().isEmpty()) {
                throw new KeyException("extra data after a PEM certificate block");
            }
            return switch (block.type()) {
                case "CERTIFICATE" -> {
                    try {
                        PublicKey key = CertificateFactory.getInstance("X.509")
                                .generateCertificate(new ByteArrayInputStream(block.bytes()))
                                .getPublicKey();
                        yield List.of(new VerificationKey("", "", key));
                    } catch (GeneralSecurityException e) {
                        throw new KeyException("failed to parse a PEM certificate: " + e.getMessage());
                    }
                }
                case "PUBLIC KEY" -> List.of(new VerificationKey("", "", publicKey(block.bytes())));
                default -> throw new KeyException("failed to extract a Key from the PEM certificate");
            };
        }
        List<JWK> jwks;
        try {
            Map<String, Object> json = JSONObjectUtils.parse(text);
            jwks = json.containsKey("keys") ? JWKSet.parse(json).getKeys() : List.of(JWK.parse(json));
        } catch (ParseException | RuntimeException e) {
            throw new KeyException("failed to parse a JWK key (set): " + e.getMessage());
        }
        List<VerificationKey> keys = new ArrayList<>(jwks.size());
        for (JWK jwk : jwks) {
            String alg = jwk.getAlgorithm() == null ? "" : jwk.getAlgorithm().getName();
            String kid = jwk.getKeyID() == null ? "" : jwk.getKeyID();
            keys.add(new VerificationKey(alg, kid, publicKey(jwk)));
        }
        return keys;
    }

    /** The signing key of a JWK: a private key, or an {@code oct} key's secret bytes. */
    static Object signingKey(String text) throws KeyException {
        JWK jwk;
        try {
            jwk = JWK.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw new KeyException("failed to parse a JWK key: " + e.getMessage());
        }
        try {
            Object key = switch (jwk) {
                case RSAKey k -> k.toRSAPrivateKey();
                case ECKey k -> k.toECPrivateKey();
                case OctetSequenceKey k -> k.toByteArray();
                case OctetKeyPair k ->
                    k.getD() == null
                            ? null
                            : ed25519(k, "d", ED25519_PKCS8, k.getD().decode());
                default -> null;
            };
            if (key == null) {
                throw new KeyException("JWK of type " + jwk.getKeyType() + " has no private key");
            }
            return key;
        } catch (JOSEException e) {
            throw new KeyException("failed to create a signing key: " + e.getMessage());
        }
    }

    private static Object publicKey(JWK jwk) throws KeyException {
        try {
            return switch (jwk) {
                case RSAKey k -> k.toRSAPublicKey();
                case ECKey k -> k.toECPublicKey();
                case OctetSequenceKey k -> k.toByteArray();
                case OctetKeyPair k -> ed25519(k, "x", ED25519_SPKI, k.getX().decode());
                default -> throw new KeyException("unsupported JWK key type: " + jwk.getKeyType());
            };
        } catch (JOSEException e) {
            throw new KeyException("failed to create a key from the JWK: " + e.getMessage());
        }
    }

    /** A JDK Ed25519 key from an OKP JWK's raw {@code x} or {@code d}, via its DER encoding. */
    private static Object ed25519(OctetKeyPair k, String member, byte[] prefix, byte[] raw) throws KeyException {
        if (!Curve.Ed25519.equals(k.getCurve()) || raw.length != 32) {
            throw new KeyException(
                    "unsupported OKP key: curve " + k.getCurve() + ", " + member + " of " + raw.length + " bytes");
        }
        byte[] der = new byte[prefix.length + raw.length];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(raw, 0, der, prefix.length, raw.length);
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            return member.equals("x")
                    ? f.generatePublic(new X509EncodedKeySpec(der))
                    : f.generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new KeyException("invalid Ed25519 key: " + e.getMessage());
        }
    }

    /** A PKIX public key of any algorithm the JDK reads (RSA, EC, Ed25519). */
    private static PublicKey publicKey(byte[] der) throws KeyException {
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // not this algorithm; try the next
            }
        }
        throw new KeyException("failed to parse a PEM public key");
    }
}
