package dev.lap.audit.store;

import dev.lap.audit.chain.ChainRecord;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a query, in seq order, and the cursor of the next page (null when this one was not
 * full, so there is nothing more right now; a tail keeps asking with the last cursor).
 */
public record Page(List<ChainRecord> records, @Nullable Cursor next) {
    public Page {
        records = List.copyOf(records);
    }

    /**
     * Where a page starts: after the record {@code afterSeq}. Its text form, {@code s<seq>}, is
     * what an API hands out; it stays valid while records are appended, since seq only grows.
     */
    public record Cursor(long afterSeq) {
        public static final Cursor START = new Cursor(0);

        public Cursor {
            if (afterSeq < 0) {
                throw new IllegalArgumentException("a cursor is never negative");
            }
        }

        public static Cursor parse(String text) {
            if (!text.startsWith("s")) {
                throw new IllegalArgumentException("not a cursor: " + text);
            }
            try {
                return new Cursor(Long.parseLong(text.substring(1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a cursor: " + text, e);
            }
        }

        @Override
        public String toString() {
            return "s" + afterSeq;
        }
    }
}
