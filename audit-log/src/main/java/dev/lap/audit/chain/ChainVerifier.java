package dev.lap.audit.chain;

import dev.lap.audit.chain.Verification.Finding;
import dev.lap.audit.chain.Verification.Tampered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Walks an export's chain and checkpoints with nothing but the public key, and names the first
 * record where they disagree.
 *
 * <p>How a break is named (docs/audit.md has the cases): a record whose content no longer hashes
 * to its {@code hash} was <em>edited</em>, unless it hashes correctly under the seq just before
 * (something was <em>inserted</em> ahead of it and the rest renumbered) or just after (it and the
 * next record swapped places, <em>reordered</em>, or, when the next one does not agree, the record
 * before it was <em>deleted</em> and the rest renumbered); a gap in seq is a <em>deletion</em>
 * unless the missing record appears later (<em>reordered</em>); a repeated seq is an
 * <em>insertion</em>; a record that does not link to its predecessor's hash means the predecessor
 * was edited and rehashed; a checkpoint whose hash differs from its record's means the chain up to
 * it was rewritten. Deleting records from the end is seen only up to the last checkpoint.
 *
 * <p>The export is read twice and never held: a first pass notes every seq (8 bytes a record), the
 * checkpoints and the retention events; the second walks the chain with one record of lookahead.
 */
public final class ChainVerifier {
    private ChainVerifier() {}

    /**
     * Verifies the export in {@code file}.
     *
     * @throws IOException if it cannot be read
     */
    public static Verification verify(Path file, VerifyingKey key) throws IOException {
        try {
            return verify(
                    () -> {
                        var number = new AtomicInteger();
                        try {
                            return Files.lines(file, StandardCharsets.UTF_8)
                                    .map(l -> ExportFormat.parse(number.incrementAndGet(), l));
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    key);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Verifies the lines of an export already in memory. */
    public static Verification verify(List<ExportFormat.Line> lines, VerifyingKey key) {
        return verify(lines::stream, key);
    }

    private static Verification verify(Supplier<Stream<ExportFormat.Line>> lines, VerifyingKey key) {
        Survey survey;
        try (Stream<ExportFormat.Line> pass = lines.get()) {
            survey = Survey.of(pass.iterator(), key);
        }
        if (survey.malformed != null) {
            return survey.malformed;
        }
        Walk walk = new Walk(survey);
        try (Stream<ExportFormat.Line> pass = lines.get()) {
            Optional<Tampered> broken = walk.run(pass.iterator());
            // A break in the chain names its record exactly; a checkpoint that disagrees names only
            // a range, so it is reported when the chain itself holds together.
            if (broken.isPresent()) {
                return broken.get();
            }
        }
        Optional<Tampered> unsigned =
                survey.checkpointFindings(walk).stream().min(Comparator.comparingLong(Tampered::seq));
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        if (walk.records == 0) {
            return new Verification.Intact(0, 0, 0, survey.checkpoints.size(), 0);
        }
        long signedUpTo =
                survey.checkpoints.stream().mapToLong(Checkpoint::seq).max().orElse(walk.firstSeq - 1);
        return new Verification.Intact(
                walk.records, walk.firstSeq, walk.lastSeq, survey.checkpoints.size(), walk.lastSeq - signedUpTo);
    }

    /** The first pass: every seq present, the checkpoints, the retention events, a malformed line. */
    private static final class Survey {
        private long[] seqs = new long[1024];
        private int count;
        final List<Checkpoint> checkpoints = new ArrayList<>();
        /** Whether each of {@link #checkpoints} verifies with the key. */
        final List<Boolean> verified = new ArrayList<>();
        /** Verified checkpoints' hashes by seq. */
        final Map<Long, String> signed = new HashMap<>();
        /** Retention events: (their seq, the seq they removed through, its hash). */
        final List<long[]> anchorSeqs = new ArrayList<>();

        final List<String> anchorHashes = new ArrayList<>();
        final VerifyingKey key;

        @Nullable Tampered malformed;

        private Survey(VerifyingKey key) {
            this.key = key;
        }

        static Survey of(Iterator<ExportFormat.Line> lines, VerifyingKey key) {
            var s = new Survey(key);
            long lastSeq = 0;
            while (lines.hasNext()) {
                switch (lines.next()) {
                    case ExportFormat.Line.Record r -> {
                        lastSeq = r.record().seq();
                        s.note(r.record());
                    }
                    case ExportFormat.Line.Signed c -> {
                        boolean good = key.verifies(c.checkpoint());
                        s.checkpoints.add(c.checkpoint());
                        s.verified.add(good);
                        if (good) {
                            s.signed.put(c.checkpoint().seq(), c.checkpoint().hash());
                        }
                    }
                    case ExportFormat.Line.Malformed m -> {
                        s.malformed = new Tampered(
                                Finding.MALFORMED, lastSeq + 1, "line " + m.number() + " is not a record: " + m.why());
                        return s;
                    }
                }
            }
            s.seqs = Arrays.copyOf(s.seqs, s.count);
            Arrays.sort(s.seqs);
            return s;
        }

        private void note(ChainRecord r) {
            if (count == seqs.length) {
                seqs = Arrays.copyOf(seqs, count * 2);
            }
            seqs[count++] = r.seq();
            if (r.fields().kind().equals("retention")) {
                String through = r.fields().detail().get("through_seq");
                String hash = r.fields().detail().get("through_hash");
                if (through != null && hash != null) {
                    try {
                        anchorSeqs.add(new long[] {r.seq(), Long.parseLong(through)});
                        anchorHashes.add(hash);
                    } catch (NumberFormatException ignored) {
                        // not an anchor; the walk finds the record's content does not hash
                    }
                }
            }
        }

        boolean contains(long seq) {
            return Arrays.binarySearch(seqs, seq) >= 0;
        }

        /**
         * Whether a retention event, covered by a verified checkpoint, removed the records through
         * {@code seq} ending in {@code hash}: anyone can append a well-formed record after the last
         * checkpoint, so an unsigned one vouches for nothing.
         */
        boolean retainedThrough(long seq, String hash) {
            long signedThrough =
                    signed.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
            for (int i = 0; i < anchorSeqs.size(); i++) {
                long[] a = anchorSeqs.get(i);
                if (a[0] <= signedThrough && a[1] == seq && anchorHashes.get(i).equals(hash)) {
                    return true;
                }
            }
            return false;
        }

        /** Bad signatures, checkpoints past the end, and checkpoints the (intact) walk disagreed with. */
        List<Tampered> checkpointFindings(Walk walk) {
            var findings = new ArrayList<Tampered>(walk.rewritten);
            for (int i = 0; i < checkpoints.size(); i++) {
                Checkpoint c = checkpoints.get(i);
                if (!verified.get(i)) {
                    findings.add(new Tampered(
                            Finding.BAD_CHECKPOINT,
                            c.seq(),
                            "its checkpoint's signature does not verify with key " + key.id()));
                } else if (c.seq() > walk.lastSeq) {
                    findings.add(new Tampered(
                            Finding.DELETED,
                            walk.lastSeq + 1,
                            "a checkpoint signs record " + c.seq() + " but the export ends at " + walk.lastSeq));
                }
            }
            return findings;
        }

        long previousCheckpoint(long seq) {
            return checkpoints.stream()
                    .mapToLong(Checkpoint::seq)
                    .filter(s -> s < seq)
                    .max()
                    .orElse(0);
        }
    }

    /** What the walk keeps of a record: its place, its links, and under which seq its content hashes. */
    private record Link(long seq, String prevHash, String hash, Hashed hashed) {
        static Link of(ChainRecord r) {
            Hashed hashed;
            if (r.selfConsistent()) {
                hashed = Hashed.AS_NUMBERED;
            } else if (r.hashedAt(r.seq() - 1)) {
                hashed = Hashed.AS_SEQ_BEFORE;
            } else if (r.hashedAt(r.seq() + 1)) {
                hashed = Hashed.AS_SEQ_AFTER;
            } else {
                hashed = Hashed.NOT;
            }
            return new Link(r.seq(), r.prevHash(), r.hash(), hashed);
        }
    }

    private enum Hashed {
        AS_NUMBERED,
        AS_SEQ_BEFORE,
        AS_SEQ_AFTER,
        NOT
    }

    /** The second pass: the chain, record by record, with the next record in view. */
    private static final class Walk {
        private final Survey survey;
        long records;
        long firstSeq;
        long lastSeq;
        final List<Tampered> rewritten = new ArrayList<>();
        private @Nullable Link prev;

        Walk(Survey survey) {
            this.survey = survey;
        }

        Optional<Tampered> run(Iterator<ExportFormat.Line> lines) {
            Link current = null;
            while (lines.hasNext()) {
                if (lines.next() instanceof ExportFormat.Line.Record r) {
                    Link next = Link.of(r.record());
                    if (current != null) {
                        Optional<Tampered> broken = step(current, next);
                        if (broken.isPresent()) {
                            return broken;
                        }
                    }
                    current = next;
                }
            }
            return current == null ? Optional.empty() : step(current, null);
        }

        private Optional<Tampered> step(Link r, @Nullable Link next) {
            if (prev != null) {
                long expected = prev.seq() + 1;
                if (r.seq() <= prev.seq()) {
                    // Every record so far was consecutive from firstSeq, so these seqs were seen.
                    return r.seq() >= firstSeq
                            ? tampered(Finding.INSERTED, r.seq(), "a second record numbered " + r.seq())
                            : tampered(Finding.REORDERED, r.seq(), "it comes after record " + prev.seq());
                }
                if (r.seq() > expected) {
                    return survey.contains(expected)
                            ? tampered(Finding.REORDERED, expected, "it comes after record " + r.seq())
                            : tampered(Finding.DELETED, expected, "missing between " + prev.seq() + " and " + r.seq());
                }
            }
            switch (r.hashed()) {
                case AS_NUMBERED -> {}
                case AS_SEQ_BEFORE -> {
                    return tampered(
                            Finding.INSERTED,
                            r.seq() - 1,
                            "not in the chain: record " + r.seq() + " was chained as " + (r.seq() - 1)
                                    + " and renumbered to make room");
                }
                case AS_SEQ_AFTER -> {
                    if (next != null && next.seq() == r.seq() + 1 && next.hashed() == Hashed.AS_SEQ_BEFORE) {
                        return tampered(Finding.REORDERED, r.seq(), "it swapped places with record " + next.seq());
                    }
                    return tampered(
                            Finding.DELETED,
                            r.seq(),
                            "the record chained as " + r.seq() + " is gone and the ones after it were renumbered");
                }
                case NOT -> {
                    return tampered(Finding.EDITED, r.seq(), "its content does not match its hash");
                }
            }
            if (prev == null) {
                firstSeq = r.seq();
                Optional<Tampered> start = start(r);
                if (start.isPresent()) {
                    return start;
                }
            } else if (!r.prevHash().equals(prev.hash())) {
                return tampered(
                        Finding.EDITED,
                        prev.seq(),
                        "its hash was recomputed after an edit: record " + r.seq() + " no longer links to it");
            }
            String signedHash = survey.signed.get(r.seq());
            if (signedHash != null && !signedHash.equals(r.hash())) {
                rewritten.add(new Tampered(
                        Finding.EDITED,
                        survey.previousCheckpoint(r.seq()) + 1,
                        "the records from here to the checkpoint at " + r.seq()
                                + " were rewritten and rehashed after it was signed"));
            }
            prev = r;
            records++;
            lastSeq = r.seq();
            return Optional.empty();
        }

        /**
         * The first record links to nothing (seq 1) or to the last one a signed retention event
         * removed.
         */
        private Optional<Tampered> start(Link first) {
            if (first.seq() == 1) {
                return first.prevHash().equals(ChainHash.GENESIS)
                        ? Optional.empty()
                        : tampered(Finding.EDITED, 1, "the first record does not start the chain");
            }
            return survey.retainedThrough(first.seq() - 1, first.prevHash())
                    ? Optional.empty()
                    : tampered(
                            Finding.DELETED,
                            first.seq() - 1,
                            "the export starts at " + first.seq()
                                    + " and no retention event removed the records before");
        }
    }

    private static Optional<Tampered> tampered(Finding finding, long seq, String why) {
        return Optional.of(new Tampered(finding, seq, why));
    }
}
