package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
        name = "check",
        description = {
            "Parse and compile the given directories together, without evaluating anything.",
            "Every error is printed to stderr as file:line:col: code: message, then the source line with a caret.",
            "Exit 0 when the policy compiles, 2 when it does not.",
            "With --strict, OPA's strict mode: unused assignments, function arguments and imports are errors too."
        })
final class CheckCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-S", "--strict"},
            description = "OPA's compiler strict mode (opa check --strict): an assigned variable nothing reads,"
                    + " a function argument no definition reads and an import nothing uses are errors.")
    private boolean strict;

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Directories (or .rego files) compiled together.")
    private List<Path> paths = new ArrayList<>();

    @Override
    public Integer call() throws CliException, RegoException {
        PolicyFiles files = PolicyFiles.read(paths);
        // Compile errors propagate to Lap, which prints every one and exits 2.
        files.compile(PolicyEngine.builder().strict(strict).build());
        int n = files.modules().size();
        spec.commandLine().getOut().println("ok: " + n + (n == 1 ? " module" : " modules") + " compiled");
        return Lap.EXIT_OK;
    }
}
