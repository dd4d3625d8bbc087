package dev.lap.audit.chain;

import java.util.Locale;

/** What the verifier concluded about an export. */
public sealed interface Verification {

    /** One line for a person: "intact: …" or the finding and the record it names. */
    String describe();

    /**
     * Every record links to the one before, every checkpoint's signature and hash hold. Records
     * after the last checkpoint ({@code unsigned}) are chained but not yet signed: their deletion
     * from the end of the chain could not be seen.
     */
    record Intact(long records, long firstSeq, long lastSeq, int checkpoints, long unsigned) implements Verification {
        @Override
        public String describe() {
            if (records == 0) {
                return "intact: the export holds no records";
            }
            return "intact: records " + firstSeq + " to " + lastSeq + " (" + records + "), " + checkpoints
                    + " checkpoint" + (checkpoints == 1 ? "" : "s") + " verified"
                    + (unsigned == 0 ? "" : "; the last " + unsigned + " not yet covered by a checkpoint");
        }
    }

    /** The first thing found wrong, naming the record (by seq) where it is. */
    record Tampered(Finding finding, long seq, String explanation) implements Verification {
        @Override
        public String describe() {
            return finding.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": record " + seq + ": " + explanation;
        }
    }

    enum Finding {
        /** The record's content is not what was hashed. */
        EDITED,
        /** A record is missing. */
        DELETED,
        /** A record was added that the chain never held. */
        INSERTED,
        /** Records are not in the order they were chained. */
        REORDERED,
        /** A checkpoint's signature does not verify with the given key. */
        BAD_CHECKPOINT,
        /** A line of the export is neither a record nor a checkpoint. */
        MALFORMED
    }
}
