package dev.lap.audit.chain;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.EventFields;
import java.time.Instant;

/**
 * One link of the chain: the event's fields with its place ({@code seq}, from 1), its time, the
 * previous record's hash and its own. A record read from a database or an export is taken as it
 * is; {@link #selfConsistent()} says whether its hash still matches its content.
 */
public record ChainRecord(long seq, Instant time, EventFields fields, String prevHash, String hash) {
    public ChainRecord {
        requireNonNull(time, "time");
        requireNonNull(fields, "fields");
        ChainHash.bytes(prevHash);
        ChainHash.bytes(hash);
    }

    /** The record that follows {@code prevHash} at {@code seq}, hashed. */
    public static ChainRecord link(long seq, Instant time, EventFields fields, String prevHash) {
        return new ChainRecord(seq, time, fields, prevHash, ChainHash.of(seq, time, fields, prevHash));
    }

    public boolean selfConsistent() {
        return hash.equals(ChainHash.of(seq, time, fields, prevHash));
    }

    /** Whether this record's content was hashed at {@code otherSeq} (it was renumbered from there). */
    boolean hashedAt(long otherSeq) {
        return hash.equals(ChainHash.of(otherSeq, time, fields, prevHash));
    }

    /** The typed event (throws for fields no event of this version describes). */
    public AuditEvent event() {
        return fields.toEvent();
    }
}
