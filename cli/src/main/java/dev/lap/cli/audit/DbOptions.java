package dev.lap.cli.audit;

import dev.lap.audit.store.AuditDatabaseUrl;
import dev.lap.audit.store.AuditReader;
import dev.lap.audit.store.AuditStoreException;
import dev.lap.cli.CliException;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import picocli.CommandLine.Option;

/**
 * {@code --db URL}: the audit database, as {@code r2dbc:postgresql://user@host:port/db} (the
 * {@code r2dbc:} or a {@code jdbc:} prefix may be left out). The password comes from the URL or,
 * better, from {@code PGPASSWORD}; no message ever repeats the URL.
 */
final class DbOptions {
    @Option(
            names = "--db",
            paramLabel = "URL",
            required = true,
            description = "The audit database: postgresql://USER@HOST:PORT/DB (password from PGPASSWORD).")
    private String url = "";

    AuditReader reader() throws CliException {
        ConnectionFactoryOptions options;
        try {
            options = AuditDatabaseUrl.parse(url, System.getenv("PGPASSWORD"));
        } catch (AuditStoreException e) {
            throw new CliException("--db: " + e.getMessage());
        }
        try {
            return new AuditReader(ConnectionFactories.get(options));
        } catch (RuntimeException e) {
            throw new CliException(
                    "--db names no database this lap can reach (" + e.getClass().getSimpleName() + ")");
        }
    }
}
