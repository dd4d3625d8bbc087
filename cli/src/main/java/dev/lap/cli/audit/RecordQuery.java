package dev.lap.cli.audit;

import dev.lap.audit.store.AuditFilter;
import dev.lap.audit.store.AuditReader;
import dev.lap.cli.CliException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What {@code query} and {@code tail} share: the database, the filters, the output form. */
final class RecordQuery {
    @Mixin
    private DbOptions db;

    @Mixin
    private FilterOptions filters;

    @Option(
            names = "--output",
            paramLabel = "json|csv|table",
            converter = OutputFormat.Converter.class,
            description = "json (default: JSON lines, as in an export), csv, or table.")
    private OutputFormat output = OutputFormat.JSON;

    AuditReader reader() throws CliException {
        return db.reader();
    }

    AuditFilter filter() {
        return filters.filter();
    }

    OutputFormat output() {
        return output;
    }
}
