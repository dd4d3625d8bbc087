package dev.lap.audit.chain;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.EventTime;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A signed statement that the chain's record {@code seq} had hash {@code hash} at {@code time}.
 * The Ed25519 signature covers {@link #signedBytes()}: the tag {@code lap-audit-checkpoint-v1} and
 * a zero byte, the seq as 8 bytes big-endian, the 32-byte hash, then {@code time} and {@code
 * key_id} each length-prefixed as in {@link ChainHash}.
 */
public record Checkpoint(long seq, String hash, Instant time, String keyId, byte[] signature) {
    private static final byte[] TAG = "lap-audit-checkpoint-v1\0".getBytes(StandardCharsets.US_ASCII);

    public Checkpoint {
        ChainHash.bytes(hash);
        requireNonNull(time, "time");
        requireNonNull(keyId, "keyId");
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    byte[] signedBytes() {
        return signedBytes(seq, hash, time, keyId);
    }

    static byte[] signedBytes(long seq, String hash, Instant time, String keyId) {
        var out = new ByteArrayOutputStream(128);
        out.writeBytes(TAG);
        ChainHash.writeLong(out, seq);
        out.writeBytes(ChainHash.bytes(hash));
        ChainHash.field(out, "time", EventTime.format(time));
        ChainHash.field(out, "key_id", keyId);
        return out.toByteArray();
    }

    @Override
    public boolean equals(@org.jspecify.annotations.Nullable Object o) {
        return o instanceof Checkpoint c
                && c.seq == seq
                && c.hash.equals(hash)
                && c.time.equals(time)
                && c.keyId.equals(keyId)
                && java.util.Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(seq) * 31 + hash.hashCode();
    }

    @Override
    public String toString() {
        return "Checkpoint[seq=" + seq + ", hash=" + hash + ", time=" + time + ", keyId=" + keyId + "]";
    }
}
