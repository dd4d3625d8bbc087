package dev.lap.audit.chain;

import dev.lap.audit.chain.Verification.Finding;
import dev.lap.audit.chain.Verification.Tampered;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

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
 */
public final class ChainVerifier {
    private ChainVerifier() {}

    /**
     * Verifies the export in {@code file}.
     *
     * @throws IOException if it cannot be read
     */
    public static Verification verify(Path file, VerifyingKey key) throws IOException {
        var number = new AtomicInteger();
        try (Stream<String> text = Files.lines(file, StandardCharsets.UTF_8)) {
            List<ExportFormat.Line> lines = text.map(l -> ExportFormat.parse(number.incrementAndGet(), l))
                    .toList();
            return verify(lines, key);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    public static Verification verify(List<ExportFormat.Line> lines, VerifyingKey key) {
        var records = new ArrayList<ChainRecord>();
        var checkpoints = new ArrayList<Checkpoint>();
        for (ExportFormat.Line line : lines) {
            switch (line) {
                case ExportFormat.Line.Record r -> records.add(r.record());
                case ExportFormat.Line.Signed s -> checkpoints.add(s.checkpoint());
                case ExportFormat.Line.Malformed m -> {
                    long near = records.isEmpty() ? 0 : records.getLast().seq() + 1;
                    return new Tampered(Finding.MALFORMED, near, "line " + m.number() + " is not a record: " + m.why());
                }
            }
        }
        // A break in the chain names its record exactly; a checkpoint that disagrees names only a
        // range, so it is reported when the chain itself holds together (rewritten and rehashed).
        // A retention event vouches for a missing prefix only if a verified checkpoint covers it:
        // anyone can append a well-formed record after the last checkpoint.
        long signedThrough = checkpoints.stream()
                .filter(key::verifies)
                .mapToLong(Checkpoint::seq)
                .max()
                .orElse(0);
        Optional<Tampered> broken = chain(records, signedThrough);
        if (broken.isPresent()) {
            return broken.get();
        }
        Optional<Tampered> unsigned =
                checkpoints(records, checkpoints, key).stream().min(Comparator.comparingLong(Tampered::seq));
        if (unsigned.isPresent()) {
            return unsigned.get();
        }
        if (records.isEmpty()) {
            return new Verification.Intact(0, 0, 0, checkpoints.size(), 0);
        }
        long last = records.getLast().seq();
        long signedUpTo = checkpoints.stream()
                .mapToLong(Checkpoint::seq)
                .max()
                .orElse(records.getFirst().seq() - 1);
        return new Verification.Intact(
                records.size(), records.getFirst().seq(), last, checkpoints.size(), last - signedUpTo);
    }

    private static Optional<Tampered> chain(List<ChainRecord> records, long signedThrough) {
        var seen = new HashSet<Long>();
        for (int i = 0; i < records.size(); i++) {
            ChainRecord r = records.get(i);
            ChainRecord prev = i == 0 ? null : records.get(i - 1);
            if (prev != null) {
                long expected = prev.seq() + 1;
                if (r.seq() == prev.seq() || seen.contains(r.seq())) {
                    return tampered(Finding.INSERTED, r.seq(), "a second record numbered " + r.seq());
                }
                if (r.seq() < prev.seq()) {
                    return tampered(Finding.REORDERED, r.seq(), "it comes after record " + prev.seq());
                }
                if (r.seq() > expected) {
                    boolean later = records.subList(i, records.size()).stream().anyMatch(x -> x.seq() == expected);
                    return later
                            ? tampered(Finding.REORDERED, expected, "it comes after record " + r.seq())
                            : tampered(Finding.DELETED, expected, "missing between " + prev.seq() + " and " + r.seq());
                }
            }
            seen.add(r.seq());
            if (!r.selfConsistent()) {
                return Optional.of(renumberedOrEdited(records, i));
            }
            if (prev == null) {
                Optional<Tampered> start = start(records, r, signedThrough);
                if (start.isPresent()) {
                    return start;
                }
            } else if (!r.prevHash().equals(prev.hash())) {
                return tampered(
                        Finding.EDITED,
                        prev.seq(),
                        "its hash was recomputed after an edit: record " + r.seq() + " no longer links to it");
            }
        }
        return Optional.empty();
    }

    private static Tampered renumberedOrEdited(List<ChainRecord> records, int i) {
        ChainRecord r = records.get(i);
        if (r.hashedAt(r.seq() - 1)) {
            return new Tampered(
                    Finding.INSERTED,
                    r.seq() - 1,
                    "not in the chain: record " + r.seq() + " was chained as " + (r.seq() - 1)
                            + " and renumbered to make room");
        }
        if (r.hashedAt(r.seq() + 1)) {
            ChainRecord next = i + 1 < records.size() ? records.get(i + 1) : null;
            if (next != null && next.hashedAt(next.seq() - 1) && next.seq() == r.seq() + 1) {
                return new Tampered(Finding.REORDERED, r.seq(), "it swapped places with record " + next.seq());
            }
            return new Tampered(
                    Finding.DELETED,
                    r.seq(),
                    "the record chained as " + r.seq() + " is gone and the ones after it were renumbered");
        }
        return new Tampered(Finding.EDITED, r.seq(), "its content does not match its hash");
    }

    /**
     * The first record links to nothing (seq 1) or to the last one a retention event removed, that
     * event being signed by a checkpoint.
     */
    private static Optional<Tampered> start(List<ChainRecord> records, ChainRecord first, long signedThrough) {
        if (first.seq() == 1) {
            return first.prevHash().equals(ChainHash.GENESIS)
                    ? Optional.empty()
                    : tampered(Finding.EDITED, 1, "the first record does not start the chain");
        }
        boolean retained = records.stream()
                .filter(x -> x.fields().kind().equals("retention") && x.seq() <= signedThrough)
                .anyMatch(x -> Long.toString(first.seq() - 1)
                                .equals(x.fields().detail().get("through_seq"))
                        && first.prevHash().equals(x.fields().detail().get("through_hash")));
        return retained
                ? Optional.empty()
                : tampered(
                        Finding.DELETED,
                        first.seq() - 1,
                        "the export starts at " + first.seq() + " and no retention event removed the records before");
    }

    private static List<Tampered> checkpoints(
            List<ChainRecord> records, List<Checkpoint> checkpoints, VerifyingKey key) {
        var findings = new ArrayList<Tampered>();
        long first = records.isEmpty() ? Long.MAX_VALUE : records.getFirst().seq();
        long last = records.isEmpty() ? 0 : records.getLast().seq();
        for (Checkpoint c : checkpoints) {
            if (!key.verifies(c)) {
                findings.add(new Tampered(
                        Finding.BAD_CHECKPOINT,
                        c.seq(),
                        "its checkpoint's signature does not verify with key " + key.id()));
            } else if (c.seq() > last) {
                findings.add(new Tampered(
                        Finding.DELETED,
                        last + 1,
                        "a checkpoint signs record " + c.seq() + " but the export ends at " + last));
            } else if (c.seq() >= first) {
                records.stream()
                        .filter(r -> r.seq() == c.seq())
                        .findFirst()
                        .filter(r -> !r.hash().equals(c.hash()))
                        .ifPresent(r -> findings.add(new Tampered(
                                Finding.EDITED,
                                previousCheckpoint(checkpoints, c.seq()) + 1,
                                "the records from here to the checkpoint at " + c.seq()
                                        + " were rewritten and rehashed after it was signed")));
            }
        }
        return findings;
    }

    private static long previousCheckpoint(List<Checkpoint> checkpoints, long seq) {
        return checkpoints.stream()
                .mapToLong(Checkpoint::seq)
                .filter(s -> s < seq)
                .max()
                .orElse(0);
    }

    private static Optional<Tampered> tampered(Finding finding, long seq, String why) {
        return Optional.of(new Tampered(finding, seq, why));
    }
}
