package dev.lap.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The name a secret goes by in audit rows: the first 12 hex digits of its SHA-256, prefixed
 * {@code sha256:}. Enough for an auditor to tell two values apart or match one they hold; far too
 * short to help anyone recover the value, and never the value itself.
 */
public final class Fingerprint {
    /** What every fingerprint starts with. */
    public static final String PREFIX = "sha256:";

    private static final int HEX_DIGITS = 12;

    private Fingerprint() {}

    public static String of(String secret) {
        return of(secret.getBytes(StandardCharsets.UTF_8));
    }

    public static String of(byte[] secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret);
            return PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
