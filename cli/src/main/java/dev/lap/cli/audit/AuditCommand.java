package dev.lap.cli.audit;

import picocli.CommandLine.Command;

/** {@code lap audit}: the audit log group. */
@Command(
        name = "audit",
        description = "Query, follow, export and verify the tamper-evident audit log.",
        subcommands = {QueryCommand.class, TailCommand.class, ExportCommand.class, VerifyCommand.class})
public final class AuditCommand {}
