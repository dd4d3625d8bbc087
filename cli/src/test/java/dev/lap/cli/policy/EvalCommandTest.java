package dev.lap.cli.policy;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.cli.LapRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalCommandTest {
    @TempDir
    Path dir;

    private String policy;

    @BeforeEach
    void writePolicy() throws IOException {
        Path p = dir.resolve("policy");
        Files.createDirectories(p.resolve("limits"));
        Files.writeString(p.resolve("egress.rego"), """
                package lap.egress

                hosts := {"api.github.com", "pypi.org"}

                default decision := {"allow": false, "reason": "not on the allow-list"}

                decision := {"allow": true, "reason": "allow-listed"} if input.request.host in hosts

                x := 1
                x := 2 if input.conflict
                clash if x
                """);
        Files.writeString(p.resolve("limits/data.json"), "{\"max\": 10}");
        policy = p.toString();
    }

    private Path input(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void aRefPrintsItsValueAsJson() throws IOException {
        Path in = input("in.json", "{\"request\": {\"host\": \"pypi.org\"}}");

        LapRun run = lap("policy", "eval", "-d", policy, "-i", in.toString(), "data.lap.egress.decision");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("{\"allow\":true,\"reason\":\"allow-listed\"}\n");
    }

    @Test
    void dataDocumentsAreUnderTheirDirectory() {
        LapRun run = lap("policy", "eval", "-d", policy, "data.limits.max");

        assertThat(run.out()).isEqualTo("10\n");
    }

    @Test
    void aQueryPrintsOneBindingObjectPerSolution() {
        LapRun run = lap("policy", "eval", "-d", policy, "some h in data.lap.egress.hosts; n := count(h)");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("[{\"h\":\"api.github.com\",\"n\":14},{\"h\":\"pypi.org\",\"n\":8}]\n");
    }

    @Test
    void aQueryWithoutSolutionsPrintsAnEmptyArrayAndExitsOne() {
        LapRun run = lap("policy", "eval", "-d", policy, "h := data.lap.egress.hosts[_]; h == \"example.com\"");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("[]\n");
        assertThat(run.err()).contains("undefined");
    }

    @Test
    void anUndefinedRefPrintsNothingAndExitsOne() {
        LapRun run = lap("policy", "eval", "-d", policy, "data.lap.egress.no_such_rule");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("undefined: data.lap.egress.no_such_rule has no value");
    }

    @Test
    void yamlInputIsReadByItsExtension() throws IOException {
        Path in = input("in.yaml", "request:\n  host: api.github.com\n");

        LapRun run = lap("policy", "eval", "-d", policy, "-i", in.toString(), "data.lap.egress.decision.allow");

        assertThat(run.out()).isEqualTo("true\n");
    }

    @Test
    void anInputThatIsNotJsonIsReportedWithLineAndColumn() throws IOException {
        Path in = input("in.json", "{\n  \"request\": {\"host\": \"pypi.org\",}\n}\n");

        LapRun run = lap("policy", "eval", "-d", policy, "-i", in.toString(), "data.lap.egress.decision");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("lap policy eval: " + in + ":2:").contains(": input is not valid JSON: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingInputFileIsNamed() {
        LapRun run = lap(
                "policy", "eval", "-d", policy, "-i", dir.resolve("nope.json").toString(), "data.x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("input file", "nope.json", "does not exist");
    }

    @Test
    void aQueryThatDoesNotParseShowsWhereAndExitsTwo() {
        LapRun run = lap("policy", "eval", "-d", policy, "x := ");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .containsPattern("query:1:\\d+: rego_parse_error: ")
                .contains("^");
    }

    @Test
    void anEvaluationErrorIsPrintedAndExitsOne() throws IOException {
        Path in = input("in.json", "{\"conflict\": true}");

        LapRun run = lap("policy", "eval", "-d", policy, "-i", in.toString(), "data.lap.egress.clash");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("eval_conflict_error", "lap policy eval: evaluation failed");
    }

    @Test
    void evalNeedsAPolicyDirectory() {
        LapRun run = lap("policy", "eval", "data.x");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required option", "--data");
    }

    @Test
    void explainPrintsTheStepsToStderrAndKeepsStdoutJson() throws IOException {
        Path policy = dir.resolve("p.rego");
        Files.writeString(policy, """
                package p

                allow if {
                    input.n > 1
                    input.n < 5
                }
                """);
        Path input = dir.resolve("in.json");
        Files.writeString(input, "{\"n\": 3}");

        LapRun run = lap("policy", "eval", "--explain", "-d", dir.toString(), "-i", input.toString(), "data.p.allow");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("true\n");
        assertThat(run.err())
                .contains("Enter ")
                .contains("Eval ")
                .contains("input.n > 1", "input.n < 5")
                .contains("Exit ")
                .contains("data.p.allow = true");
    }
}
