package dev.lap.cli.audit;

import dev.lap.audit.store.AuditReader;
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
        String u = url.strip();
        if (u.startsWith("jdbc:")) {
            u = u.substring("jdbc:".length());
        }
        if (u.startsWith("postgresql://") || u.startsWith("postgres://")) {
            u = "r2dbc:postgresql" + u.substring(u.indexOf(':'));
        }
        ConnectionFactoryOptions options;
        try {
            options = ConnectionFactoryOptions.parse(u);
        } catch (IllegalArgumentException e) {
            throw new CliException("--db is not a postgresql://USER@HOST:PORT/DB URL");
        }
        String password = System.getenv("PGPASSWORD");
        if (!options.hasOption(ConnectionFactoryOptions.PASSWORD) && password != null) {
            options = options.mutate()
                    .option(ConnectionFactoryOptions.PASSWORD, password)
                    .build();
        }
        try {
            return new AuditReader(ConnectionFactories.get(options));
        } catch (RuntimeException e) {
            throw new CliException(
                    "--db names no database this lap can reach (" + e.getClass().getSimpleName() + ")");
        }
    }
}
