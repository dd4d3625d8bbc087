package dev.lap.vault.scrub;

/**
 * Reads one gzip member header (RFC 1952 section 2.3) from bytes that may arrive split anywhere.
 * The header carries nothing the scrubber needs, so it is checked and skipped.
 */
final class GzipHeaderReader {
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;
    private static final int RESERVED = 0xE0;

    private enum Field {
        FIXED,
        EXTRA_LENGTH,
        EXTRA,
        NAME,
        COMMENT,
        HEADER_CRC,
        COMPLETE
    }

    private Field field = Field.FIXED;
    private int read;
    private int flags;
    private int extraLength;
    private int consumedTotal;

    void reset() {
        field = Field.FIXED;
        read = 0;
        flags = 0;
        extraLength = 0;
        consumedTotal = 0;
    }

    boolean isComplete() {
        return field == Field.COMPLETE;
    }

    boolean isEmpty() {
        return consumedTotal == 0;
    }

    /** Consumes header bytes from {@code [from, to)}; returns the index after the last one used. */
    int consume(byte[] b, int from, int to) throws CorruptInput {
        int i = from;
        while (i < to && field != Field.COMPLETE) {
            int v = b[i++] & 0xFF;
            consumedTotal++;
            switch (field) {
                case FIXED -> {
                    checkFixed(read, v);
                    if (++read == 10) {
                        next(Field.EXTRA_LENGTH);
                    }
                }
                case EXTRA_LENGTH -> {
                    extraLength |= v << (8 * read);
                    if (++read == 2) {
                        next(extraLength == 0 ? Field.NAME : Field.EXTRA);
                    }
                }
                case EXTRA -> {
                    if (++read == extraLength) {
                        next(Field.NAME);
                    }
                }
                case NAME -> {
                    if (v == 0) {
                        next(Field.COMMENT);
                    }
                }
                case COMMENT -> {
                    if (v == 0) {
                        next(Field.HEADER_CRC);
                    }
                }
                case HEADER_CRC -> {
                    if (++read == 2) {
                        next(Field.COMPLETE);
                    }
                }
                case COMPLETE -> throw new IllegalStateException("unreachable");
            }
        }
        return i;
    }

    private void checkFixed(int index, int v) throws CorruptInput {
        switch (index) {
            case 0 -> {
                if (v != 0x1f) {
                    throw new CorruptInput("not a gzip member (bad magic byte)");
                }
            }
            case 1 -> {
                if (v != 0x8b) {
                    throw new CorruptInput("not a gzip member (bad magic byte)");
                }
            }
            case 2 -> {
                if (v != 8) {
                    throw new CorruptInput("gzip member uses compression method " + v + ", not deflate");
                }
            }
            case 3 -> {
                if ((v & RESERVED) != 0) {
                    throw new CorruptInput("gzip member sets reserved flag bits");
                }
                flags = v;
            }
            default -> {}
        }
    }

    /**
     * Moves to {@code candidate}, or past it and any later field the flags say is absent, so a
     * header whose last byte ends a chunk is complete without waiting for another byte.
     */
    private void next(Field candidate) {
        read = 0;
        field = candidate;
        skipAbsent();
    }

    private void skipAbsent() {
        while (true) {
            Field skipTo = switch (field) {
                case EXTRA_LENGTH, EXTRA -> (flags & FEXTRA) == 0 ? Field.NAME : null;
                case NAME -> (flags & FNAME) == 0 ? Field.COMMENT : null;
                case COMMENT -> (flags & FCOMMENT) == 0 ? Field.HEADER_CRC : null;
                case HEADER_CRC -> (flags & FHCRC) == 0 ? Field.COMPLETE : null;
                case FIXED, COMPLETE -> null;
            };
            if (skipTo == null) {
                return;
            }
            read = 0;
            field = skipTo;
        }
    }
}
