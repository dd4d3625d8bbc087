package dev.lap.console.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The database: the one {@code lap.database.url} names, or else an embedded PostgreSQL whose data
 * lives in {@code <state-dir>/postgres} and so survives restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    /** Where the database is, and the embedded server when it is ours to stop. */
    record Database(DatabaseEndpoint endpoint, @Nullable EmbeddedPostgres embedded) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    @Bean(destroyMethod = "close")
    Database database(LapProperties properties) throws IOException {
        LapProperties.Database db = properties.database();
        if (db.external()) {
            DatabaseEndpoint endpoint = DatabaseEndpoint.parse(db.url(), db.username(), db.password());
            log.info("database: {}", endpoint);
            return new Database(endpoint, null);
        }
        Path data = properties.stateDir().resolve("postgres").toAbsolutePath();
        Files.createDirectories(data);
        EmbeddedPostgres postgres;
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(data)
                    .setCleanDataDirectory(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "the embedded PostgreSQL did not start in " + data + " (" + e.getMessage()
                            + "); set LAP_DATABASE_URL to use another database",
                    e);
        }
        log.info("database: embedded PostgreSQL, data in {}, port {}", data, postgres.getPort());
        return new Database(
                new DatabaseEndpoint("localhost", postgres.getPort(), "postgres", "postgres", null), postgres);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(Database database) {
        DatabaseEndpoint endpoint = database.endpoint();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(endpoint.jdbcUrl());
        config.setUsername(endpoint.user());
        if (endpoint.password() != null) {
            config.setPassword(endpoint.password());
        }
        config.setMaximumPoolSize(8);
        config.setPoolName("lap-db");
        return new HikariDataSource(config);
    }
}
