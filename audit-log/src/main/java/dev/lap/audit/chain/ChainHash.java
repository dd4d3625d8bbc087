package dev.lap.audit.chain;

import dev.lap.audit.EventFields;
import dev.lap.audit.EventTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * The canonical encoding of a chain record and its SHA-256.
 *
 * <p>The encoding is binary and length-prefixed, so no two different records share one (a JSON
 * text would depend on escaping and number printing): the tag {@code lap-audit-v1} and a zero
 * byte; the seq as 8 bytes big-endian; then the fields {@code time}, {@code kind}, each present
 * column in {@link EventFields#COLUMNS} order, and each detail entry as {@code detail.<key>} in key
 * order, every one as a 4-byte big-endian length and the UTF-8 name, then the same for the value;
 * last the previous record's 32-byte hash (32 zero bytes before the first record).
 */
public final class ChainHash {
    /** The previous hash of the very first record. */
    public static final String GENESIS = "0".repeat(64);

    private static final byte[] TAG = "lap-audit-v1\0".getBytes(StandardCharsets.US_ASCII);

    private ChainHash() {}

    /** The hex SHA-256 of the record these parts make. */
    public static String of(long seq, Instant time, EventFields fields, String prevHash) {
        return HexFormat.of().formatHex(sha256(encode(seq, time, fields, prevHash)));
    }

    static byte[] encode(long seq, Instant time, EventFields fields, String prevHash) {
        var out = new ByteArrayOutputStream(512);
        out.writeBytes(TAG);
        writeLong(out, seq);
        field(out, "time", EventTime.format(time));
        field(out, "kind", fields.kind());
        for (Map.Entry<String, String> c : fields.columns().entrySet()) {
            field(out, c.getKey(), c.getValue());
        }
        for (Map.Entry<String, String> d : fields.detail().entrySet()) {
            field(out, "detail." + d.getKey(), d.getValue());
        }
        out.writeBytes(bytes(prevHash));
        return out.toByteArray();
    }

    /** A hash as 32 bytes, from its 64 lower-case hex digits. */
    public static byte[] bytes(String hex) {
        if (hex.length() != 64 || !hex.equals(hex.toLowerCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("a hash is 64 lower-case hex digits");
        }
        return HexFormat.of().parseHex(hex);
    }

    public static String hex(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a hash is 32 bytes");
        }
        return HexFormat.of().formatHex(hash);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    static void field(ByteArrayOutputStream out, String name, String value) {
        lengthPrefixed(out, name.getBytes(StandardCharsets.UTF_8));
        lengthPrefixed(out, value.getBytes(StandardCharsets.UTF_8));
    }

    private static void lengthPrefixed(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 24);
        out.write(b.length >>> 16);
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
    }

    static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }
}
