package dev.lap.cli.policy;

import picocli.CommandLine.Command;

/** {@code lap policy}: the policy tooling group. It runs the engine in-process; no server is needed. */
@Command(
        name = "policy",
        description = "Test, evaluate, check and time Rego policies, in-process (no server needed).",
        subcommands = {TestCommand.class, EvalCommand.class, CheckCommand.class, BenchCommand.class})
public final class PolicyCommand {}
