package dev.lap.audit.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.audit.EventFields;
import dev.lap.audit.SampleEvents;
import dev.lap.audit.store.Intake;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    @TempDir
    Path dir;

    private static List<Intake> intakes(int from, int n) {
        var events = SampleEvents.traffic(from + n);
        return IntStream.range(from, from + n)
                .mapToObj(i -> new Intake(
                        "w1",
                        i + 1,
                        Instant.parse("2026-11-23T10:00:00Z").plusSeconds(i),
                        EventFields.of(events.get(i))))
                .toList();
    }

    @Test
    void appendedIntakesReadBackInOrderAndTheFileIsOwnerOnly() throws Exception {
        Path file = dir.resolve("audit.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThat(spool.append(intakes(0, 3))).isEqualTo(new Spool.Outcome.Appended(3));
            assertThat(spool.append(intakes(3, 2))).isEqualTo(new Spool.Outcome.Appended(2));

            assertThat(spool.read()).isEqualTo(intakes(0, 5));
            spool.clear();
            assertThat(spool.read()).isEmpty();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void replayHandsOverBatchesOfOneWritersRunAndStopsAtTheFirstThatFails() throws Exception {
        var w2 = new Intake(
                "w2",
                1,
                Instant.parse("2026-11-23T11:00:00Z"),
                intakes(0, 1).getFirst().fields());
        try (Spool spool = Spool.open(dir.resolve("audit.spool"), 1 << 20)) {
            spool.append(intakes(0, 5));
            spool.append(List.of(w2));
            spool.append(intakes(5, 1));
            var batches = new java.util.ArrayList<List<Intake>>();

            spool.replay(2, (writer, batch) -> batches.add(batch));

            assertThat(batches)
                    .containsExactly(intakes(0, 2), intakes(2, 2), intakes(4, 1), List.of(w2), intakes(5, 1));
            batches.clear();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> spool.replay(2, (writer, batch) -> {
                        batches.add(batch);
                        throw new IllegalStateException("database down");
                    }))
                    .hasMessage("database down");
            assertThat(batches).containsExactly(intakes(0, 2));
        }
    }

    @Test
    void anAppendThatWouldPassTheBoundIsRefusedWhole() throws Exception {
        try (Spool spool = Spool.open(dir.resolve("audit.spool"), 1500)) {
            assertThat(spool.append(intakes(0, 2))).isInstanceOf(Spool.Outcome.Appended.class);
            long size = spool.size();

            assertThat(spool.append(intakes(2, 5))).isEqualTo(new Spool.Outcome.Full(size, 1500));
            assertThat(spool.read()).isEqualTo(intakes(0, 2));
        }
    }

    @Test
    void aLineTornByACrashIsDroppedWhenTheSpoolIsOpened() throws Exception {
        Path file = dir.resolve("audit.spool");
        try (Spool spool = Spool.open(file, 1 << 20)) {
            spool.append(intakes(0, 2));
        }
        Files.writeString(file, "{\"writer\":\"w1\",\"position\":3,\"ti", StandardOpenOption.APPEND);

        try (Spool spool = Spool.open(file, 1 << 20)) {
            assertThat(spool.read()).isEqualTo(intakes(0, 2));
        }
    }
}
