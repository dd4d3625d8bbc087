package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What {@code eval} and {@code bench} share: the policy ({@code -d}), the input ({@code -i}) and the query. */
final class QueryOptions {
    @Option(
            names = {"-d", "--data"},
            paramLabel = "DIR",
            required = true,
            description =
                    "A directory of .rego files and data.json/data.yaml documents (or one .rego file); repeatable.")
    private List<Path> dirs = new ArrayList<>();

    @Option(
            names = {"-i", "--input"},
            paramLabel = "FILE",
            description = "The input document: JSON, or YAML when the name ends in .yaml or .yml.")
    private @Nullable Path input;

    @Option(
            names = "--strict-builtin-errors",
            description = "A builtin error (bad operand, failed parse) stops evaluation instead of being undefined.")
    private boolean strict;

    @Parameters(
            index = "0",
            paramLabel = "QUERY",
            description = "A ref such as data.lap.egress.decision, or a query such as 'x := data.a[_]'.")
    private String query = "";

    PolicyQuery query() {
        return PolicyQuery.of(query);
    }

    CompiledPolicy compile() throws CliException, RegoException {
        return PolicyFiles.read(dirs)
                .compile(PolicyEngine.builder().strictBuiltinErrors(strict).build());
    }

    @Nullable Value input() throws CliException {
        return input == null ? null : InputDocument.read(input);
    }
}
