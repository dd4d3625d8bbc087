package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "test",
        description = {
            "Run every test_* rule in the given directories, as opa test does.",
            "A test passes when it evaluates to true; todo_test_* rules are skipped.",
            "Each definition is its own test (a second test_x is test_x#01); a table test (test_x[k] if ...)"
                    + " reports each key as a case.",
            "Exit 0 when every test passes, 1 when one fails or errs, 2 when the policy does not compile."
        })
final class TestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(
            paramLabel = "DIR",
            arity = "0..*",
            description = "Directories (or .rego files) compiled together; default: the current directory.")
    private List<Path> paths = new ArrayList<>();

    @Option(
            names = {"-r", "--run"},
            paramLabel = "REGEX",
            description = "Run only tests whose full name (data.pkg.test_x) this regular expression finds.")
    private @Nullable Pattern run;

    @Option(
            names = {"-v", "--verbose"},
            description = "List every test and table-test case with its outcome and time, and under each test that"
                    + " did not pass the trace of its evaluation: rules entered, statements evaluated, where the"
                    + " body failed.")
    private boolean verbose;

    @Option(
            names = "--coverage",
            description = "After the results, report which rule heads and statements the tests evaluated, per file.")
    private boolean coverage;

    @Option(
            names = "--strict-builtin-errors",
            description = "A builtin error (bad operand, failed parse) is an ERROR instead of undefined.")
    private boolean strict;

    @Override
    public Integer call() throws CliException, RegoException {
        List<Path> dirs = paths.isEmpty() ? List.of(Path.of(".")) : paths;
        PolicyFiles files = PolicyFiles.read(dirs);
        CompiledPolicy policy =
                files.compile(PolicyEngine.builder().strictBuiltinErrors(strict).build());
        List<TestRunner.TestRule> tests = TestRunner.tests(policy, run);
        if (tests.isEmpty()) {
            throw new CliException(
                    run == null
                            ? "no tests in " + dirs + ": a test is a rule whose name starts with test_"
                            : "no test in " + dirs + " matches --run " + run.pattern()
                                    + " (it is matched against names like data.pkg.test_x)");
        }
        List<TestResult> results = new ArrayList<>(tests.size());
        for (TestRunner.TestRule test : tests) {
            results.add(TestRunner.run(policy, test, verbose || coverage));
        }
        TestReport.print(results, verbose, spec.commandLine().getOut());
        if (coverage) {
            Coverage.of(policy, results).print(spec.commandLine().getOut());
        }
        boolean allPassed = results.stream()
                .allMatch(r -> r.outcome() instanceof TestResult.Outcome.Pass
                        || r.outcome() instanceof TestResult.Outcome.Skipped);
        return allPassed ? Lap.EXIT_OK : Lap.EXIT_NO;
    }
}
