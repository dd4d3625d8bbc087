package dev.lap.cli.policy;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.cli.LapRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsOpsPerSecondAndLatencyPercentiles() throws IOException {
        Files.writeString(dir.resolve("p.rego"), "package p\n\nallow if input.user == \"alice\"\n");
        Path in = dir.resolve("in.json");
        Files.writeString(in, "{\"user\": \"alice\"}");

        LapRun run = lap(
                "policy",
                "bench",
                "-d",
                dir.toString(),
                "-i",
                in.toString(),
                "--duration",
                "100ms",
                "--warmup",
                "20ms",
                "data.p.allow");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("query:    data.p.allow (evaluate; result defined)")
                .containsPattern("(?m)^measured: [\\d,]+ evaluations in \\S+ on 1 thread")
                .containsPattern("(?m)^ops/s:    [\\d,]+$")
                .containsPattern("(?m)^latency:  p50 \\S+  p90 \\S+  p99 \\S+  p99\\.9 \\S+  max \\S+$")
                .contains("JMH");
    }

    @Test
    void aQueryThatFailsToEvaluateIsNotMeasured() throws IOException {
        Files.writeString(dir.resolve("p.rego"), "package p\n\nx := 1\nx := 2\n");

        LapRun run = lap("policy", "bench", "-d", dir.toString(), "--duration", "50ms", "data.p.x");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("eval_conflict_error", "nothing to measure");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aDurationWithoutAUnitIsAUsageError() throws IOException {
        LapRun run = lap("policy", "bench", "-d", dir.toString(), "--duration", "5", "data.p.x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("'5' is not a duration", "500ms, 5s");
    }
}
