package dev.lap.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of a checkpoint key: all a verifier needs besides the export. Its id is {@code
 * ed25519:} and the first 16 hex digits of the SHA-256 of the key's X.509 encoding.
 */
public final class VerifyingKey {
    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";

    private final PublicKey key;
    private final String id;

    VerifyingKey(PublicKey key) {
        if (!key.getAlgorithm().equals("EdDSA") && !key.getAlgorithm().equals("Ed25519")) {
            throw new IllegalArgumentException("not an Ed25519 key: " + key.getAlgorithm());
        }
        this.key = key;
        this.id = "ed25519:"
                + HexFormat.of().formatHex(ChainHash.sha256(key.getEncoded())).substring(0, 16);
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} block (the form {@link #pem()} writes).
     *
     * @throws IllegalArgumentException if the text holds no Ed25519 public key
     */
    public static VerifyingKey fromPem(String pem) {
        int begin = pem.indexOf(BEGIN);
        int end = pem.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no PEM PUBLIC KEY block");
        }
        String base64 = pem.substring(begin + BEGIN.length(), end).replaceAll("\\s", "");
        try {
            return new VerifyingKey(KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64))));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    public String id() {
        return id;
    }

    public String pem() {
        return pem(BEGIN, END, key.getEncoded());
    }

    /** Whether the checkpoint was signed by this key's private half. */
    public boolean verifies(Checkpoint checkpoint) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(checkpoint.signedBytes());
            return checkpoint.keyId().equals(id) && s.verify(checkpoint.signature());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    static String pem(String begin, String end, byte[] der) {
        return begin + "\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n" + end + "\n";
    }
}
