package dev.lap.policy.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The JWS algorithms OPA's {@code io.jwt.*} builtins know. {@code none} is deliberately absent: an
 * unsigned token can never verify. Each algorithm accepts only its own kind of key (a byte secret
 * for HMAC, an RSA, EC or Ed25519 key otherwise); any other key fails verification rather than
 * being coerced.
 *
 * <p>RSA and ECDSA go through nimbus-jose-jwt. HMAC uses the JDK's {@link Mac} directly because
 * nimbus refuses secrets shorter than 256 bits, which OPA accepts; the comparison is constant-time.
 * Ed25519 uses the JDK's provider, since nimbus's Ed25519 support needs Tink.
 */
enum JwsAlgorithm {
    HS256("HmacSHA256"),
    HS384("HmacSHA384"),
    HS512("HmacSHA512"),
    RS256(null),
    RS384(null),
    RS512(null),
    PS256(null),
    PS384(null),
    PS512(null),
    ES256(null),
    ES384(null),
    ES512(null),
    EdDSA(null);

    private final @Nullable String mac;
    private final JWSHeader header;

    JwsAlgorithm(@Nullable String mac) {
        this.mac = mac;
        this.header = new JWSHeader(JWSAlgorithm.parse(name()));
    }

    /** The algorithm a JWS {@code alg} header names, or null when OPA does not know it. */
    static @Nullable JwsAlgorithm byName(String alg) {
        for (JwsAlgorithm a : values()) {
            if (a.name().equals(alg)) {
                return a;
            }
        }
        return null;
    }

    /**
     * Whether {@code signature} is this algorithm's signature of {@code input} under {@code key}.
     * A key of the wrong type, or any failure to verify, is simply {@code false}.
     */
    boolean verify(Object key, byte[] input, byte[] signature) {
        try {
            return switch (this) {
                case HS256, HS384, HS512 ->
                    // Constant-time: a timing difference must not reveal how much of a MAC matched.
                    key instanceof byte[] secret && MessageDigest.isEqual(hmac(secret, input), signature);
                case RS256, RS384, RS512, PS256, PS384, PS512 ->
                    key instanceof RSAPublicKey rsa
                            && new RSASSAVerifier(rsa).verify(header, input, Base64URL.encode(signature));
                case ES256, ES384, ES512 ->
                    // nimbus also refuses a curve that does not belong to the algorithm (P-256 for ES384).
                    key instanceof ECPublicKey ec
                            && new ECDSAVerifier(ec).verify(header, input, Base64URL.encode(signature));
                case EdDSA -> key instanceof EdECPublicKey ed && ed25519Verify(ed, input, signature);
            };
        } catch (JOSEException | GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Signs {@code input}; the key must suit the algorithm. */
    byte[] sign(Object key, byte[] input) throws GeneralSecurityException, JOSEException {
        return switch (this) {
            case HS256, HS384, HS512 -> hmac(keyOf(key, byte[].class), input);
            case RS256, RS384, RS512, PS256, PS384, PS512 ->
                new RSASSASigner((PrivateKey) keyOf(key, RSAPrivateKey.class), true)
                        .sign(header, input)
                        .decode();
            case ES256, ES384, ES512 ->
                new ECDSASigner(keyOf(key, ECPrivateKey.class))
                        .sign(header, input)
                        .decode();
            case EdDSA -> {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(keyOf(key, EdECPrivateKey.class));
                s.update(input);
                yield s.sign();
            }
        };
    }

    private <T> T keyOf(Object key, Class<T> type) throws JOSEException {
        if (!type.isInstance(key)) {
            throw new JOSEException("key is not suitable for " + name());
        }
        return type.cast(key);
    }

    private byte[] hmac(byte[] secret, byte[] input) throws GeneralSecurityException {
        String algorithm = java.util.Objects.requireNonNull(mac);
        Mac m = Mac.getInstance(algorithm);
        // SecretKeySpec refuses an empty key; HMAC pads keys with zeros, so one zero byte is the same key.
        m.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : Arrays.copyOf(secret, secret.length), algorithm));
        return m.doFinal(input);
    }

    private static boolean ed25519Verify(EdECPublicKey key, byte[] input, byte[] signature)
            throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(key);
        s.update(input);
        return s.verify(signature);
    }
}
