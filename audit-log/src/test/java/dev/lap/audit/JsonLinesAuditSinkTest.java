package dev.lap.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {
    @Test
    void writesOneJsonObjectPerLineWithSnakeCaseNamesAndWithoutNulls() {
        AuditEvent event = AuditEvent.builder(AuditEvent.Kind.SWAP)
                .time(Instant.parse("2026-11-23T10:00:00Z"))
                .requestId("r1")
                .method("GET")
                .host("api.github.com")
                .port(443)
                .credential("github", Fingerprint.of("ghp_real"))
                .detail("placement", "authorization")
                .build();

        String json = JsonLinesAuditSink.toJson(event);

        assertThat(json)
                .isEqualTo("{\"time\":\"2026-11-23T10:00:00Z\",\"kind\":\"swap\",\"request_id\":\"r1\","
                        + "\"method\":\"GET\",\"host\":\"api.github.com\",\"port\":443,"
                        + "\"credential_id\":\"github\",\"credential_fingerprint\":\""
                        + Fingerprint.of("ghp_real") + "\",\"detail\":{\"placement\":\"authorization\"}}");
    }

    @Test
    void appendsAndNeverInterleavesLinesFromManyThreads(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit/events.jsonl");
        try (JsonLinesAuditSink sink = JsonLinesAuditSink.appendingTo(file)) {
            IntStream.range(0, 2000)
                    .parallel()
                    .forEach(i -> sink.record(AuditEvent.builder(AuditEvent.Kind.DECISION)
                            .requestId("r" + i)
                            .detail("pad", "x".repeat(i % 300))
                            .build()));
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines)
                .hasSize(2000)
                .allSatisfy(line -> assertThat(line).startsWith("{\"time\":").endsWith("}}"));
    }

    @Test
    void fingerprintIsAShortSha256PrefixNotTheValue() {
        assertThat(Fingerprint.of("secret")).isEqualTo("sha256:2bb80d537b1d").doesNotContain("secret");
    }
}
