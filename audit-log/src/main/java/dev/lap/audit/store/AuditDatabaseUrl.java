package dev.lap.audit.store;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;

/**
 * The audit database as people write it, {@code postgresql://USER@HOST:PORT/DB} (an {@code r2dbc:}
 * or {@code jdbc:} prefix is accepted), turned into R2DBC options; the password comes from the URL
 * or, better, from {@code password} ({@code PGPASSWORD}). No message repeats the URL: it may hold a
 * password. One reading for the vault and for {@code lap audit}.
 */
public final class AuditDatabaseUrl {
    private AuditDatabaseUrl() {}

    public static ConnectionFactoryOptions parse(String url, @Nullable String password) throws AuditStoreException {
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
            throw new AuditStoreException("the audit database URL is not postgresql://USER@HOST:PORT/DB");
        }
        if (password != null && !options.hasOption(ConnectionFactoryOptions.PASSWORD)) {
            options = options.mutate()
                    .option(ConnectionFactoryOptions.PASSWORD, password)
                    .build();
        }
        return options;
    }
}
