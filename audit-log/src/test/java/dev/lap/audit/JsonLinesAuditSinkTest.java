package dev.lap.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void writesOneJsonObjectPerLineWithSnakeCaseNamesWithoutNullsAndTheClocksTime() {
        var bytes = new ByteArrayOutputStream();
        try (var sink = JsonLinesAuditSink.writingTo(
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Clock.fixed(T0, ZoneOffset.UTC))) {
            sink.record(new AuditEvent.Swap(
                    AuditEvent.Actor.NONE,
                    new AuditEvent.Request("r1", null, "GET", "api.github.com", 443, "/user"),
                    SampleEvents.GITHUB,
                    "authorization"));
        }

        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .isEqualTo("{\"time\":\"2026-11-23T10:00:00.000000Z\",\"kind\":\"swap\",\"request_id\":\"r1\","
                        + "\"method\":\"GET\",\"host\":\"api.github.com\",\"port\":443,\"path\":\"/user\","
                        + "\"credential_id\":\"github\",\"credential_fingerprint\":\""
                        + Fingerprint.of("ghp_real") + "\",\"detail\":{\"placement\":\"authorization\"}}\n");
    }

    @Test
    void everyLineParsesBackToTheEventRecordedWithItsTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jsonl");
        List<AuditEvent> events = SampleEvents.everyKind();
        try (var sink = JsonLinesAuditSink.appendingTo(file, new TestClock(T0, Duration.ofMillis(1)))) {
            events.forEach(sink::record);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(events.size());
        for (int i = 0; i < lines.size(); i++) {
            Map<String, Object> members = new java.util.LinkedHashMap<>(EventJson.parse(lines.get(i)));
            Instant time = EventTime.parse((String) members.remove("time"));
            assertThat(time).isEqualTo(T0.plusMillis(i));
            assertThat(EventJson.fields(members).toEvent()).isEqualTo(events.get(i));
        }
    }

    @Test
    void appendsAndNeverInterleavesOrLosesEventsFromManyThreads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit/events.jsonl");
        int n = 2000;
        try (var sink = JsonLinesAuditSink.appendingTo(file, new TestClock(T0, Duration.ofMillis(1)))) {
            IntStream.range(0, n)
                    .parallel()
                    .forEach(i -> sink.record(new AuditEvent.Limit(
                            AuditEvent.Actor.NONE,
                            new AuditEvent.Request("r" + i, null, null, null, 0, null),
                            "x".repeat(i % 300),
                            (long) i)));
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(n);
        var seen = new ArrayList<AuditEvent.Limit>();
        Instant previous = Instant.MIN;
        for (String line : lines) {
            Map<String, Object> members = new java.util.LinkedHashMap<>(EventJson.parse(line));
            Instant time = EventTime.parse((String) members.remove("time"));
            assertThat(time).isAfter(previous);
            previous = time;
            seen.add((AuditEvent.Limit) EventJson.fields(members).toEvent());
        }
        seen.sort(Comparator.comparing(AuditEvent.Limit::max));
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i))
                    .isEqualTo(new AuditEvent.Limit(
                            AuditEvent.Actor.NONE,
                            new AuditEvent.Request("r" + i, null, null, null, 0, null),
                            "x".repeat(i % 300),
                            (long) i));
        }
    }

    @Test
    void fingerprintIsAShortSha256PrefixNotTheValue() {
        assertThat(Fingerprint.of("secret")).isEqualTo("sha256:2bb80d537b1d").doesNotContain("secret");
    }
}
