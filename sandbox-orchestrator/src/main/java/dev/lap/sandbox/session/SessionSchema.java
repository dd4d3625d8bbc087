package dev.lap.sandbox.session;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/** Creates or updates the session tables with Liquibase, as audit-log's schema is. */
public final class SessionSchema {
    static final String CHANGELOG = "dev/lap/sandbox/session/changelog.sql";

    private SessionSchema() {}

    /** @throws SessionStoreException if the database cannot be reached or a change fails */
    public static void migrate(DataSource data) throws SessionStoreException {
        try (Connection jdbc = data.getConnection()) {
            Database database =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(jdbc));
            try (var liquibase = new Liquibase(
                    CHANGELOG, new ClassLoaderResourceAccessor(SessionSchema.class.getClassLoader()), database)) {
                liquibase.update("");
            }
        } catch (SQLException | LiquibaseException e) {
            throw new SessionStoreException("the session schema could not be migrated: " + e.getMessage(), e);
        }
    }
}
