package dev.lap.cli.policy;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.cli.LapRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path dir;

    @Test
    void aPolicyThatCompilesIsOkAndExitsZero() throws IOException {
        Files.writeString(dir.resolve("ok.rego"), "package ok\n\nallow if input.user == \"alice\"\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("ok: 1 module compiled\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aSyntaxErrorIsPrintedAsFileLineColWithACaretAndExitsTwo() throws IOException {
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/bad.rego"), "package bad\n\nallow if {\n\tinput.user == \n}\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        String file = dir.resolve("sub/bad.rego").toString();
        assertThat(run.err())
                .containsPattern("(?m)^" + java.util.regex.Pattern.quote(file) + ":5:1: rego_parse_error: .+$")
                .contains("\n\t}\n\t^\n")
                .endsWith("lap policy check: 1 error\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void everyErrorOfEveryFileIsPrinted() throws IOException {
        Files.writeString(dir.resolve("a.rego"), "package a\n\np if x >\n");
        Files.writeString(dir.resolve("b.rego"), "package b\n\nq := {1, 2\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err())
                .containsPattern("a\\.rego:\\d+:\\d+: rego_parse_error: ")
                .containsPattern("b\\.rego:\\d+:\\d+: rego_parse_error: ")
                .endsWith("lap policy check: 2 errors\n");
    }

    @Test
    void aCompileErrorNamesItsCode() throws IOException {
        Files.writeString(dir.resolve("a.rego"), "package a\n\nq if no_such_function(1)\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("a\\.rego:3:6: rego_type_error: undefined function no_such_function");
    }

    @Test
    void strictModeRefusesWhatOpaStrictRefusesAndTheDefaultAccepts() throws IOException {
        Files.writeString(dir.resolve("a.rego"), """
                package a

                f(x, y) := x

                p if {
                	n := 1
                	input.user == "alice"
                }
                """);

        LapRun lenient = lap("policy", "check", dir.toString());
        LapRun strict = lap("policy", "check", "--strict", dir.toString());

        assertThat(lenient.exit()).isZero();
        assertThat(strict.exit()).isEqualTo(2);
        assertThat(strict.err())
                .containsPattern("a\\.rego:3:1: rego_compile_error: unused argument y\\. \\(hint: use _ \\(wildcard"
                        + " variable\\) instead\\)")
                .containsPattern("a\\.rego:6:2: rego_compile_error: assigned var n unused")
                .endsWith("lap policy check: 2 errors\n");
    }

    @Test
    void aVariableDeclaredTwiceIsRefusedWithOpasMessageEvenWithoutStrict() throws IOException {
        Files.writeString(dir.resolve("a.rego"), "package a\n\np if {\n\tx := 1\n\tx := 2\n}\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("a\\.rego:5:2: rego_compile_error: var x assigned above");
    }

    @Test
    void aBadDataDocumentCitesItsLineAndColumn() throws IOException {
        Files.writeString(dir.resolve("data.json"), "{\n  \"a\": 1,\n  \"b\": \n}\n");

        LapRun run = lap("policy", "check", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("data\\.json:4:\\d+: bundle_error: ");
    }

    @Test
    void aSingleRegoFileCanBeChecked() throws IOException {
        Path file = dir.resolve("one.rego");
        Files.writeString(file, "package one\n\nx := 1\n");

        LapRun run = lap("policy", "check", file.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("ok: 1 module compiled\n");
    }

    @Test
    void aFileThatIsNotRegoIsRefusedWithWhatToGive() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello");

        LapRun run = lap("policy", "check", file.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("not a directory or a .rego file: " + file, "give a directory of .rego files");
    }

    @Test
    void checkNeedsADirectory() {
        LapRun run = lap("policy", "check");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter", "DIR");
    }
}
