package dev.lap.audit.store;

import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * A real PostgreSQL for the *IT tests: {@code LAP_TEST_DATABASE_URL} (a superuser's JDBC URL) when
 * set, otherwise an embedded one started once per JVM. Each {@link #fresh()} database belongs to
 * the migration role {@code lap_owner}; the store logs in as {@code lap_app}; tests tamper as the
 * superuser.
 */
public final class TestDatabase {
    public static final String OWNER = "lap_owner";
    public static final String APP = "lap_app";
    private static final String OWNER_PASSWORD = "owner-test-password";
    private static final String APP_PASSWORD = "app-test-password";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static Server server;

    /** One database: its name and the server it is on. */
    public record Db(Server server, String name) {
        public String ownerJdbcUrl() {
            return server.jdbc(name);
        }

        public Properties ownerCredentials() {
            var p = new Properties();
            p.setProperty("user", OWNER);
            p.setProperty("password", OWNER_PASSWORD);
            return p;
        }

        public void migrate() throws AuditStoreException {
            AuditSchema.migrate(ownerJdbcUrl(), ownerCredentials(), APP);
        }

        /** R2DBC connections as the runtime role. */
        public ConnectionFactory app() {
            return ConnectionFactories.get(ConnectionFactoryOptions.builder()
                    .option(ConnectionFactoryOptions.DRIVER, "postgresql")
                    .option(ConnectionFactoryOptions.HOST, server.host)
                    .option(ConnectionFactoryOptions.PORT, server.port)
                    .option(ConnectionFactoryOptions.DATABASE, name)
                    .option(ConnectionFactoryOptions.USER, APP)
                    .option(ConnectionFactoryOptions.PASSWORD, APP_PASSWORD)
                    .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, java.time.Duration.ofSeconds(5))
                    .build());
        }

        /** The R2DBC URL the CLI takes; the password goes in {@code PGPASSWORD}, not here. */
        public String appUrl() {
            return "r2dbc:postgresql://" + APP + "@" + server.host + ":" + server.port + "/" + name;
        }

        public String appPassword() {
            return APP_PASSWORD;
        }

        public Connection superuser() throws SQLException {
            return DriverManager.getConnection(server.jdbc(name), server.superuser);
        }

        public Connection as(String role) throws SQLException {
            var p = new Properties();
            p.setProperty("user", role);
            p.setProperty("password", role.equals(OWNER) ? OWNER_PASSWORD : APP_PASSWORD);
            return DriverManager.getConnection(server.jdbc(name), p);
        }

        public void sql(String... statements) throws SQLException {
            try (Connection c = superuser();
                    Statement s = c.createStatement()) {
                // Triggers off for this session only: a superuser can, which is why the chain exists.
                s.execute("set session_replication_role = replica");
                for (String sql : statements) {
                    s.execute(sql);
                }
            }
        }
    }

    public record Server(String host, int port, String defaultDb, Properties superuser) {
        String jdbc(String db) {
            return "jdbc:postgresql://" + host + ":" + port + "/" + db;
        }
    }

    private TestDatabase() {}

    public static synchronized Db fresh() throws Exception {
        if (server == null) {
            server = start();
            createRoles(server);
        }
        return createDatabase(server);
    }

    /**
     * A PostgreSQL of its own (always embedded, whatever {@code LAP_TEST_DATABASE_URL} says), so a
     * test can stop and restart it; its data stays in {@code dataDir} in between.
     */
    public static Dedicated dedicated(Path dataDir) throws Exception {
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        var own = new Server("localhost", pg.getPort(), "postgres", postgres());
        createRoles(own);
        return new Dedicated(createDatabase(own), dataDir, pg);
    }

    /** A dedicated server and its one database. */
    public static final class Dedicated implements AutoCloseable {
        private final Db db;
        private final Path dataDir;
        private @Nullable EmbeddedPostgres pg;

        private Dedicated(Db db, Path dataDir, EmbeddedPostgres pg) {
            this.db = db;
            this.dataDir = dataDir;
            this.pg = pg;
        }

        public Db db() {
            return db;
        }

        public synchronized void stop() throws IOException {
            if (pg != null) {
                pg.close();
                pg = null;
            }
        }

        public synchronized void start() throws IOException {
            if (pg == null) {
                pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPort(db.server().port())
                        .start();
            }
        }

        @Override
        public void close() throws IOException {
            stop();
        }
    }

    private static void createRoles(Server on) throws SQLException {
        try (Connection c = DriverManager.getConnection(on.jdbc(on.defaultDb), on.superuser);
                Statement s = c.createStatement()) {
            createRole(s, OWNER, OWNER_PASSWORD);
            createRole(s, APP, APP_PASSWORD);
        }
    }

    private static Db createDatabase(Server on) throws SQLException {
        String name = "lap_audit_" + ProcessHandle.current().pid() + "_" + NEXT.incrementAndGet();
        try (Connection c = DriverManager.getConnection(on.jdbc(on.defaultDb), on.superuser);
                Statement s = c.createStatement()) {
            s.execute("create database " + name + " owner " + OWNER);
        }
        return new Db(on, name);
    }

    private static Properties postgres() {
        var superuser = new Properties();
        superuser.setProperty("user", "postgres");
        return superuser;
    }

    private static void createRole(Statement s, String role, String password) throws SQLException {
        s.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then "
                + "create role " + role + " login password '" + password + "'; end if; end $$");
    }

    private static Server start() throws IOException {
        String url = System.getenv("LAP_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            Properties parsed = Driver.parseURL(url, new Properties());
            if (parsed == null) {
                throw new IllegalArgumentException("LAP_TEST_DATABASE_URL is not a jdbc:postgresql URL");
            }
            var superuser = new Properties();
            superuser.setProperty("user", parsed.getProperty("user", "postgres"));
            if (parsed.getProperty("password") != null) {
                superuser.setProperty("password", parsed.getProperty("password"));
            }
            return new Server(
                    parsed.getProperty("PGHOST", "localhost").split(",")[0],
                    Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]),
                    parsed.getProperty("PGDBNAME", "postgres"),
                    superuser);
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                pg.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is a temporary one
            }
        }));
        return new Server("localhost", pg.getPort(), "postgres", postgres());
    }
}
