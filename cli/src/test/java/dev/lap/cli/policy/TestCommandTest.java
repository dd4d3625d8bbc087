package dev.lap.cli.policy;

import static dev.lap.cli.LapRun.lap;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.cli.LapRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCommandTest {
    @TempDir
    Path dir;

    private static final String AUTHZ = """
            package authz

            allow if input.user in data.admins

            deny contains "not an admin" if not allow
            """;

    private void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void passingTestsMockInputAndDataWithWithAndExitZero() throws IOException {
        write("authz.rego", AUTHZ);
        write("data.json", "{\"admins\": [\"alice\"]}");
        write("authz_test.rego", """
                package authz_test

                test_admin_allowed if data.authz.allow with input as {"user": "alice"}
                test_data_mocked if data.authz.allow with input as {"user": "bob"} with data.admins as ["bob"]
                test_other_denied if "not an admin" in data.authz.deny with input as {"user": "carol"}
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .containsPattern("(?m)^data\\.authz_test\\.test_admin_allowed: PASS \\(\\d+(\\.\\d+)?(ns|µs|ms|s)\\)$")
                .contains("data.authz_test.test_data_mocked: PASS", "data.authz_test.test_other_denied: PASS")
                .endsWith("-".repeat(80) + "\nPASS: 3/3\n");
    }

    @Test
    void withoutVerboseOnlyTestsThatDidNotPassAreListed() throws IOException {
        write("authz.rego", AUTHZ);
        write("authz_test.rego", """
                package authz

                test_nobody_is_admin if not allow with input as {"user": "alice"}
                test_alice_is_admin if allow with input as {"user": "alice"}
                test_value_not_true := 7
                """);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .doesNotContain("test_nobody_is_admin")
                .contains("data.authz.test_alice_is_admin: FAIL (")
                .contains("data.authz.test_value_not_true: FAIL (", "  evaluated to 7, not true")
                .contains("PASS: 1/3\nFAIL: 2/3\n");
    }

    @Test
    void verboseShowsWhereAFailingTestsBodyFailed() throws IOException {
        write("authz.rego", AUTHZ);
        write("authz_test.rego", """
                package authz_test

                test_bob_allowed if {
                    data.authz.allow with input as {"user": "bob"} with data.admins as ["alice"]
                }
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.authz_test.test_bob_allowed: FAIL (")
                .containsPattern("Enter .*authz.rego:3:1 allow if input.user in data.admins")
                .containsPattern("Fail .*authz_test.rego:4:\\d+ data.authz.allow with input");
    }

    @Test
    void coverageReportsTheLinesNoTestReached() throws IOException {
        write("authz.rego", """
                package authz

                allow if input.user in data.admins

                audit if {
                    input.user == "root"
                }
                """);
        write("authz_test.rego", """
                package authz_test

                test_admin_allowed if data.authz.allow with input as {"user": "alice"} with data.admins as ["alice"]
                """);

        LapRun run = lap("policy", "test", "--coverage", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out())
                .contains("coverage:")
                .containsPattern("authz.rego: 33\\.3% \\(1 of 3 lines\\)")
                .contains("    not covered: lines 5-6")
                .doesNotContain("authz_test.rego:");
    }

    @Test
    void runSelectsTestsByTheirPackageQualifiedName() throws IOException {
        write("a_test.rego", "package a\n\ntest_one if true\ntest_two if false\n");
        write("b_test.rego", "package b\n\ntest_one if false\n");

        LapRun run = lap("policy", "test", "-v", "--run", "a\\.test_one", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("data.a.test_one: PASS").doesNotContain("test_two", "data.b");
        assertThat(run.out()).endsWith("PASS: 1/1\n");
    }

    @Test
    void aTestNamedByARefHeadIsFoundAndNamedUpToItsTestTermAsOpaTestNamesIt() throws IOException {
        write("t_test.rego", """
                package t

                a.b.test_deep if true

                test_x.y if true

                test_group["case"] if true
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        // opa test evaluates data.t.test_x as a whole: an object, not true, so the test fails.
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.t.a.b.test_deep: PASS (")
                .contains("data.t.test_x: FAIL (", "  evaluated to {\"y\":true}, not true")
                .contains("data.t.test_group: FAIL (", "  evaluated to {\"case\":true}, not true")
                .doesNotContainPattern("(?m)^data\\.t\\.(test_x\\.y|test_group\\.case):")
                .endsWith("PASS: 1/3\nFAIL: 2/3\n");
    }

    @Test
    void rulesOfAPackageWhoseNameStartsWithTestAreNoTests() throws IOException {
        write("helpers.rego", "package lap.test_helpers\n\nalice := {\"user\": \"alice\"}\n");
        write("t_test.rego", """
                package lap.t

                import data.lap.test_helpers

                test_alice if test_helpers.alice.user == "alice"
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain("test_helpers").endsWith("PASS: 1/1\n");
    }

    @Test
    void aPackageWrittenWithAQuotedTermIsReadToFindItsTests() throws IOException {
        write("t_test.rego", """
                # the package clause may follow comments
                package lap["egress-v2"]

                test_quoted if true
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("data.lap[\"egress-v2\"].test_quoted: PASS (");
    }

    @Test
    void runMatchesARefHeadTestByItsTestNameNotTheRestOfItsRef() throws IOException {
        write("t_test.rego", "package t\n\ntest_x.y if true\ntest_other if true\n");

        LapRun byName = lap("policy", "test", "--run", "t\\.test_x$", dir.toString());
        LapRun byRest = lap("policy", "test", "--run", "test_x\\.y", dir.toString());

        assertThat(byName.out())
                .contains("data.t.test_x: FAIL")
                .contains("FAIL: 1/1")
                .doesNotContain("test_other");
        assertThat(byRest.exit()).isEqualTo(2);
        assertThat(byRest.err()).contains("no test in", "matches --run");
    }

    @Test
    void aTestWrittenWithContainsFailsWithItsSetAsOpaTestFailsIt() throws IOException {
        write("t_test.rego", """
                package t

                test_notes contains note if {
                    some note in ["a", "b"]
                }
                """);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.t.test_notes: FAIL (", "  evaluated to [\"a\",\"b\"], not true")
                .endsWith("FAIL: 1/1\n");
    }

    @Test
    void verboseAndCoverageWorkForARefHeadTest() throws IOException {
        write("limits.rego", "package limits\n\nsmall(n) if n < 10\n\nlarge(n) if n > 1000\n");
        write("limits_test.rego", """
                package limits_test

                import data.limits

                checks.test_small if {
                    limits.small(20)
                }
                """);

        LapRun run = lap("policy", "test", "-v", "--coverage", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.limits_test.checks.test_small: FAIL (")
                .containsPattern("Fail .*limits_test\\.rego:6:\\d+ limits\\.small\\(20\\)")
                .containsPattern("limits\\.rego: 50\\.0% \\(1 of 2 lines\\)")
                .contains("    not covered: lines 5");
    }

    @Test
    void aTestWithElseIsOneTestJudgedByTheValueItsElseChainGives() throws IOException {
        write("t_test.rego", """
                package t

                test_falls_through_to_else if {
                    false
                } else := true

                test_else_not_true if {
                    false
                } else := "no"
                """);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.out())
                .doesNotContain("test_falls_through_to_else")
                .contains("data.t.test_else_not_true: FAIL (", "  evaluated to \"no\", not true")
                .endsWith("PASS: 1/2\nFAIL: 1/2\n");
    }

    @Test
    void aTestDefinedAgainIsItsOwnTestNamedWithANumberAndRunAlone() throws IOException {
        write("t_test.rego", """
                package t

                test_x if false
                test_x if true
                test_x if true
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.t.test_x: FAIL (", "data.t.test_x#01: PASS (", "data.t.test_x#02: PASS (")
                .endsWith("PASS: 2/3\nFAIL: 1/3\n");
    }

    @Test
    void aRefHeadTestDefinedAgainIsNumberedInItsQuotedLastTerm() throws IOException {
        write("t_test.rego", "package t\n\na.b.test_d if false\na.b.test_d if true\n");

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.out())
                .contains("data.t.a.b.test_d: FAIL (", "data.t.a.b[\"test_d#01\"]: PASS (")
                .endsWith("PASS: 1/2\nFAIL: 1/2\n");
    }

    @Test
    void refHeadTestsSharingATestNameAreSeparateTestsEachWithItsOwnValue() throws IOException {
        write("t_test.rego", "package t\n\ntest_x.y if true\ntest_x.z if true\n");

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.out())
                .contains("data.t.test_x: FAIL (", "  evaluated to {\"y\":true}, not true")
                .contains("data.t.test_x#01: FAIL (", "  evaluated to {\"z\":true}, not true")
                .endsWith("FAIL: 2/2\n");
    }

    @Test
    void aTestDefinedAgainWithElseIsJudgedByItsOwnChain() throws IOException {
        write("t_test.rego", """
                package t

                test_x if {
                    false
                } else := true

                test_x if false
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.out()).contains("data.t.test_x: PASS (", "data.t.test_x#01: FAIL (");
    }

    private static final String CONCAT_TABLE = """
            package t

            test_concat[tc.note] if {
                some tc in [
                    {"note": "empty + empty", "a": [], "b": [], "exp": []},
                    {"note": "a + b", "a": ["a"], "b": ["b"], "exp": ["a", "b"]},
                    {"note": "wrong", "a": ["a"], "b": [], "exp": ["x"]},
                ]
                array.concat(tc.a, tc.b) == tc.exp
            }
            """;

    @Test
    void aTableTestReportsItsFailedCasesUnderItAndCountsEveryCase() throws IOException {
        write("t_test.rego", CONCAT_TABLE);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .containsPattern("(?m)^data\\.t\\.test_concat: FAIL \\(.*\\)\n  wrong: FAIL\n-{80}\n")
                .doesNotContain("a + b", "empty + empty", "evaluated to")
                .endsWith("PASS: 2/3\nFAIL: 1/3\n");
    }

    @Test
    void verboseListsEveryCaseOfATableTestSortedByKey() throws IOException {
        write("t_test.rego", CONCAT_TABLE);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.out())
                .containsPattern(
                        "(?m)^data\\.t\\.test_concat: FAIL \\(.*\\)\n  a \\+ b: PASS\n  empty \\+ empty: PASS\n  wrong: FAIL\n");
    }

    @Test
    void nestedTableTestKeysAreIndentedAndOnlyLeafCasesAreCounted() throws IOException {
        write("t_test.rego", """
                package t

                test_nested[x][y] if {
                    some x in ["foo", "bar"]
                    some y in ["do", "re"]
                    not f(x, y)
                }

                f(x, y) if { x == "foo"; y == "re" }
                """);

        LapRun quiet = lap("policy", "test", dir.toString());
        LapRun verbose = lap("policy", "test", "-v", dir.toString());

        assertThat(quiet.out())
                .containsPattern("(?m)^data\\.t\\.test_nested: FAIL \\(.*\\)\n  foo: FAIL\n    re: FAIL\n-{80}\n")
                .endsWith("PASS: 3/4\nFAIL: 1/4\n");
        assertThat(verbose.out())
                .containsPattern(
                        "(?m)^  bar: PASS\n    do: PASS\n    re: PASS\n  foo: FAIL\n    do: PASS\n    re: FAIL\n");
    }

    @Test
    void aTableTestWhoseCasesAllPassPassesAndExitsZero() throws IOException {
        write("t_test.rego", """
                package t

                test_upper[s] if {
                    some s in ["a", "b"]
                    upper(s) != s
                }
                """);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("PASS: 2/2\n");
    }

    @Test
    void aTestWhoseHeadEndsInAFixedTermAfterAVariableIsNoTableTestAndFailsWithItsObject() throws IOException {
        write("t_test.rego", "package t\n\ntest_mixed[a].b if some a in [\"x\"]\n");

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.out())
                .contains("data.t.test_mixed: FAIL (", "  evaluated to {\"x\":{\"b\":true}}, not true")
                .endsWith("FAIL: 1/1\n");
    }

    @Test
    void aTableTestWithNoCasesPassesAndCountsOnce() throws IOException {
        write("t_test.rego", """
                package t

                test_none[k] if {
                    some k in []
                }
                """);

        LapRun run = lap("policy", "test", "-v", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("data.t.test_none: PASS (").endsWith("PASS: 1/1\n");
    }

    @Test
    void runMatchesATableTestByItsNameNotByItsCases() throws IOException {
        write("t_test.rego", CONCAT_TABLE + "\ntest_other if true\n");

        LapRun byName = lap("policy", "test", "--run", "test_concat", dir.toString());
        LapRun byCase = lap("policy", "test", "--run", "wrong", dir.toString());

        assertThat(byName.out()).contains("  wrong: FAIL").endsWith("PASS: 2/3\nFAIL: 1/3\n");
        assertThat(byCase.exit()).isEqualTo(2);
    }

    @Test
    void verboseAndCoverageFollowATableTestIntoThePolicyItTests() throws IOException {
        write("limits.rego", "package limits\n\nsmall(n) if n < 10\n\nlarge(n) if n > 1000\n");
        write("limits_test.rego", """
                package limits_test

                import data.limits

                test_small[n] if {
                    some n in [1, 20]
                    limits.small(n)
                }
                """);

        LapRun run = lap("policy", "test", "-v", "--coverage", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.limits_test.test_small: FAIL (", "  1: PASS", "  20: FAIL")
                .containsPattern("Fail .*limits_test\\.rego:7:\\d+ limits\\.small\\(n\\)")
                .containsPattern("limits\\.rego: 50\\.0% \\(1 of 2 lines\\)");
    }

    @Test
    void runThatMatchesNothingIsAUsageError() throws IOException {
        write("a_test.rego", "package a\n\ntest_one if true\n");

        LapRun run = lap("policy", "test", "--run", "nothing_like_this", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no test in", "matches --run nothing_like_this");
    }

    @Test
    void aConflictIsAnErrorWithItsLocation() throws IOException {
        write("conflict_test.rego", "package c\n\nx := 1\nx := 2\n\ntest_x if x == 1\n");

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out())
                .contains("data.c.test_x: ERROR (")
                .containsPattern("  .*conflict_test\\.rego:\\d+:\\d+: eval_conflict_error: ")
                .contains("ERROR: 1/1");
    }

    @Test
    void aBuiltinErrorFailsTheTestAndIsAnErrorOnlyWhenStrict() throws IOException {
        write("n_test.rego", "package n\n\ntest_number if to_number(\"abc\") == 1\n");

        LapRun lenient = lap("policy", "test", dir.toString());
        LapRun strict = lap("policy", "test", "--strict-builtin-errors", dir.toString());

        assertThat(lenient.out()).contains("data.n.test_number: FAIL").contains("FAIL: 1/1");
        assertThat(strict.out())
                .contains("data.n.test_number: ERROR")
                .containsPattern("n_test\\.rego:3:\\d+: eval_builtin_error: to_number")
                .contains("ERROR: 1/1");
        assertThat(lenient.exit()).isEqualTo(1);
        assertThat(strict.exit()).isEqualTo(1);
    }

    @Test
    void todoTestsAreSkippedAndDoNotFailTheRun() throws IOException {
        write("t_test.rego", "package t\n\ntest_done if true\ntodo_test_later if false\n");

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("data.t.todo_test_later: SKIPPED", "PASS: 1/2\nSKIPPED: 1/2\n");
    }

    @Test
    void dataOfSeveralDirectoriesIsMerged() throws IOException {
        write("policy/p.rego", "package p\n\ntest_both_teams if {\n\tdata.teams.red\n\tdata.teams.blue\n}\n");
        write("red/teams/data.json", "{\"red\": true}");
        write("blue/teams/data.yaml", "blue: true\n");

        LapRun run = lap(
                "policy",
                "test",
                dir.resolve("policy").toString(),
                dir.resolve("red").toString(),
                dir.resolve("blue").toString());

        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("PASS: 1/1");
    }

    @Test
    void twoDirectoriesSettingTheSameDataKeyIsAnError() throws IOException {
        write("one/data.json", "{\"limit\": 1}");
        write("two/data.json", "{\"limit\": 2}");
        write("one/t.rego", "package t\n\ntest_t if true\n");

        LapRun run = lap(
                "policy",
                "test",
                dir.resolve("one").toString(),
                dir.resolve("two").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("bundle_error", "two", "data.limit");
    }

    @Test
    void aDirectoryWithoutTestsIsAUsageError() throws IOException {
        write("authz.rego", AUTHZ);

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("no tests in", "test_");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        LapRun run = lap("policy", "test", dir.resolve("no-such-dir").toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("lap policy test: no such directory: ", "no-such-dir");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aPolicyThatDoesNotCompileRunsNoTests() throws IOException {
        write("broken_test.rego", "package b\n\ntest_x if {\n");

        LapRun run = lap("policy", "test", dir.toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).containsPattern("broken_test\\.rego:\\d+:\\d+: rego_parse_error: ");
        assertThat(run.out()).isEmpty();
    }
}
