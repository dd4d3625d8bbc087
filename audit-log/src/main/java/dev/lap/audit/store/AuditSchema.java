package dev.lap.audit.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Creates or updates the audit schema with Liquibase, over JDBC, as the migration role: the role
 * that will own the tables and the retention function. The runtime role (the one the store's R2DBC
 * URL logs in as) must already exist; the migration grants it SELECT and INSERT, and EXECUTE on
 * retention, nothing else.
 */
public final class AuditSchema {
    static final String CHANGELOG = "dev/lap/audit/store/changelog.sql";
    private static final Pattern ROLE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private AuditSchema() {}

    /**
     * Applies every change not yet applied.
     *
     * @param jdbcUrl the migration role's {@code jdbc:postgresql://…} URL
     * @param credentials {@code user} and {@code password} for it, when not in the URL
     * @param runtimeRole the role to grant the append and read rights to
     * @throws AuditStoreException if the database cannot be reached or a change fails
     */
    public static void migrate(String jdbcUrl, Properties credentials, String runtimeRole) throws AuditStoreException {
        if (!ROLE.matcher(runtimeRole).matches()) {
            // It is substituted into GRANT statements, so only plain lower-case names are taken.
            throw new AuditStoreException("the runtime role must be a plain lower-case name: " + runtimeRole);
        }
        try (Connection jdbc = DriverManager.getConnection(jdbcUrl, credentials)) {
            Database database =
                    DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(jdbc));
            try (var liquibase = new Liquibase(
                    CHANGELOG, new ClassLoaderResourceAccessor(AuditSchema.class.getClassLoader()), database)) {
                liquibase.setChangeLogParameter("runtime_role", runtimeRole);
                liquibase.update("");
            }
        } catch (SQLException | LiquibaseException e) {
            // The URL is not repeated: it may hold a password.
            throw new AuditStoreException("the audit schema could not be migrated: " + e.getMessage(), e);
        }
    }
}
