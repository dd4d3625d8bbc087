package dev.lap.cli;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LapTest {
    @Test
    void versionNamesTheBuild() {
        LapRun run = lap("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out().strip()).matches("lap \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpListsThePolicyCommands() {
        LapRun run = lap("policy", "--help");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("test", "eval", "check", "bench");
    }

    @Test
    void aGroupWithoutSubcommandIsAUsageError() {
        LapRun run = lap("policy");

        assertThat(run.exit()).isEqualTo(Lap.EXIT_USAGE);
        assertThat(run.err()).contains("Missing required subcommand", "Usage: lap policy");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        LapRun run = lap("run", "claude-code");

        assertThat(run.exit()).isEqualTo(Lap.EXIT_USAGE);
        assertThat(run.err()).contains("run");
    }
}
