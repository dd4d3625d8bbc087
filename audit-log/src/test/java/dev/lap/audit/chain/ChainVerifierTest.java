package dev.lap.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.EventFields;
import dev.lap.audit.SampleEvents;
import dev.lap.audit.chain.Verification.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exports built in memory and altered by hand, as someone holding only the file would. */
class ChainVerifierTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;

    private SigningKey key;
    private List<String> export;

    @BeforeEach
    void chainOf20WithCheckpointsAt5_10_15_20() throws Exception {
        key = SigningKey.loadOrCreate(dir.resolve("checkpoint.key"));
        export = new ArrayList<>();
        String prev = ChainHash.GENESIS;
        long seq = 0;
        for (var event : SampleEvents.traffic(20)) {
            seq++;
            ChainRecord r = ChainRecord.link(seq, T0.plusSeconds(seq), EventFields.of(event), prev);
            export.add(ExportFormat.line(r));
            if (seq % 5 == 0) {
                export.add(ExportFormat.line(key.sign(seq, r.hash(), T0.plusSeconds(seq))));
            }
            prev = r.hash();
        }
    }

    private Verification verify(List<String> lines) throws Exception {
        Path file = dir.resolve("export.jsonl");
        Files.write(file, lines);
        return ChainVerifier.verify(file, key.verifyingKey());
    }

    /** The index in {@link #export} of record {@code seq}. */
    private int line(long seq) {
        for (int i = 0; i < export.size(); i++) {
            if (export.get(i).startsWith("{\"seq\":" + seq + ",")) {
                return i;
            }
        }
        throw new AssertionError("no record " + seq);
    }

    @Test
    void anUntouchedExportIsIntact() throws Exception {
        assertThat(verify(export)).isEqualTo(new Verification.Intact(20, 1, 20, 4, 0));
        assertThat(verify(export).describe()).isEqualTo("intact: records 1 to 20 (20), 4 checkpoints verified");
    }

    @Test
    void aValueEditedInALineIsNamed() throws Exception {
        String original = export.get(line(7));
        export.set(line(7), original.replace("\"method\":\"GET\"", "\"method\":\"PUT\""));
        assertThat(export.get(line(7))).isNotEqualTo(original);

        assertThat(verify(export))
                .isEqualTo(new Verification.Tampered(Finding.EDITED, 7, "its content does not match its hash"));
    }

    @Test
    void aDeletedLineIsNamed() throws Exception {
        export.remove(line(7));

        assertThat(verify(export)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.DELETED);
            assertThat(t.seq()).isEqualTo(7);
        });
    }

    @Test
    void twoSwappedLinesAreNamedReordered() throws Exception {
        Collections.swap(export, line(7), line(8));

        assertThat(verify(export)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.REORDERED);
            assertThat(t.seq()).isEqualTo(7);
        });
    }

    @Test
    void aLineMovedFarDownIsNamedReorderedNotDeleted() throws Exception {
        String seventh = export.remove(line(7));
        export.add(line(18), seventh);

        assertThat(verify(export)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.REORDERED);
            assertThat(t.seq()).isEqualTo(7);
        });
    }

    @Test
    void aDuplicatedLineIsNamedInserted() throws Exception {
        export.add(line(8), export.get(line(7)));

        assertThat(verify(export)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.INSERTED);
            assertThat(t.seq()).isEqualTo(7);
        });
    }

    @Test
    void recordsCutFromTheEndAreSeenUpToTheLastCheckpoint() throws Exception {
        var cut = new ArrayList<>(export.subList(0, line(18)));
        cut.add(export.getLast()); // the checkpoint at 20 stays

        assertThat(verify(cut)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.DELETED);
            assertThat(t.seq()).isEqualTo(18);
        });
    }

    @Test
    void aRecordEditedAndRehashedWithEverythingAfterIsCaughtByTheNextCheckpoint() throws Exception {
        var rewritten = new ArrayList<String>();
        String prev = null;
        for (String l : export) {
            if (!(ExportFormat.parse(1, l) instanceof ExportFormat.Line.Record rec)) {
                rewritten.add(l);
                continue;
            }
            ChainRecord r = rec.record();
            EventFields f = r.fields();
            if (r.seq() == 12) {
                var columns = new java.util.LinkedHashMap<>(f.columns());
                columns.put("host", "evil.example");
                f = new EventFields(f.kind(), columns, f.detail());
            }
            ChainRecord forged = ChainRecord.link(r.seq(), r.time(), f, prev == null ? r.prevHash() : prev);
            rewritten.add(ExportFormat.line(forged));
            prev = forged.hash();
        }

        assertThat(verify(rewritten)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.EDITED);
            assertThat(t.seq()).isEqualTo(11);
            assertThat(t.explanation()).contains("checkpoint at 15");
        });
    }

    @Test
    void aPrefixCutWithARetentionEventAppendedAfterTheLastCheckpointIsStillADeletion() throws Exception {
        var cut = new ArrayList<>(export.subList(line(6), export.size()));
        var sixth = ((ExportFormat.Line.Record) ExportFormat.parse(1, export.get(line(6)))).record();
        var last = ((ExportFormat.Line.Record) ExportFormat.parse(1, export.get(line(20)))).record();
        var forged =
                new dev.lap.audit.AuditEvent.Retention(java.time.LocalDate.parse("2026-11-23"), 5, 5, sixth.prevHash());
        cut.add(ExportFormat.line(ChainRecord.link(21, T0.plusSeconds(21), EventFields.of(forged), last.hash())));

        assertThat(verify(cut)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.DELETED);
            assertThat(t.seq()).isEqualTo(5);
        });
    }

    @Test
    void aCheckpointSignedByAnotherKeyIsRefused() throws Exception {
        SigningKey other = SigningKey.loadOrCreate(dir.resolve("other.key"));
        Path file = dir.resolve("export.jsonl");
        Files.write(file, export);

        assertThat(ChainVerifier.verify(file, other.verifyingKey()))
                .isInstanceOfSatisfying(Verification.Tampered.class, t -> {
                    assertThat(t.finding()).isEqualTo(Finding.BAD_CHECKPOINT);
                    assertThat(t.seq()).isEqualTo(5);
                });
    }

    @Test
    void aLineThatIsNotARecordIsNamedMalformed() throws Exception {
        export.add(line(7), "{\"seq\":7,");

        assertThat(verify(export)).isInstanceOfSatisfying(Verification.Tampered.class, t -> {
            assertThat(t.finding()).isEqualTo(Finding.MALFORMED);
            assertThat(t.explanation()).startsWith("line " + (line(7) + 1) + " is not a record");
        });
    }

    @Test
    void theKeyFileIsOwnerOnlyAndItsPublicHalfIsWrittenBeside() throws Exception {
        Path file = dir.resolve("checkpoint.key");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(VerifyingKey.fromPem(Files.readString(Path.of(file + ".pub")))
                        .id())
                .isEqualTo(key.verifyingKey().id());
        assertThat(SigningKey.loadOrCreate(file).verifyingKey().id())
                .isEqualTo(key.verifyingKey().id());
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Path file = dir.resolve("checkpoint.key");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SigningKey.loadOrCreate(file))
                .hasMessageContaining("readable by others");
    }
}
