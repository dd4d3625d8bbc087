package dev.lap.audit.spool;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.audit.chain.SigningKey;
import dev.lap.audit.store.AuditDatabaseUrl;
import dev.lap.audit.store.AuditSchema;
import dev.lap.audit.store.AuditStore;
import dev.lap.audit.store.AuditStoreException;
import dev.lap.audit.store.CheckpointPolicy;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The audit log in PostgreSQL as one object an application opens and closes: the schema migrated
 * (when a migration URL is given), the checkpoint key loaded or created, the spool opened, and
 * one platform thread draining the {@link AuditWriter}. This is what {@code bin/lap-vault
 * --audit-db} wires; lap-server will wire the same.
 */
public final class DurableAuditLog implements AuditSink, AutoCloseable {
    /** Where the database is and where the local files go. */
    public record Settings(
            String url,
            @Nullable String password,
            @Nullable String migrateJdbcUrl,
            @Nullable String migratePassword,
            Path signingKey,
            Path spool,
            long spoolMaxBytes) {
        public Settings {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(signingKey, "signingKey");
            Objects.requireNonNull(spool, "spool");
        }

        @Override
        public String toString() {
            return "Settings[database and passwords hidden, key=" + signingKey + ", spool=" + spool + "]";
        }
    }

    private final AuditWriter writer;
    private final Spool spool;
    private final Thread drainer;
    private volatile boolean closing;

    private DurableAuditLog(AuditWriter writer, Spool spool) {
        this.writer = writer;
        this.spool = spool;
        this.drainer = Thread.ofPlatform().name("lap-audit-drain").daemon().unstarted(this::drainLoop);
    }

    /**
     * Opens the log. The URL is {@code postgresql://USER@HOST:PORT/DB} (an {@code r2dbc:} or
     * {@code jdbc:} prefix is accepted); with a migration URL the schema is brought up to date
     * first, granting the runtime rights to the URL's user.
     *
     * @throws AuditStoreException if the URL is not one, or the migration fails
     * @throws IOException if the key or the spool cannot be opened
     */
    public static DurableAuditLog open(Settings settings, Clock clock) throws AuditStoreException, IOException {
        ConnectionFactoryOptions options = AuditDatabaseUrl.parse(settings.url(), settings.password());
        if (settings.migrateJdbcUrl() != null) {
            Object user = options.getValue(ConnectionFactoryOptions.USER);
            if (user == null) {
                throw new AuditStoreException("the audit database URL names no user to grant the runtime rights to");
            }
            Properties credentials = new Properties();
            if (settings.migratePassword() != null) {
                credentials.setProperty("password", settings.migratePassword());
            }
            AuditSchema.migrate(settings.migrateJdbcUrl(), credentials, user.toString());
        }
        Files.createDirectories(settings.signingKey().toAbsolutePath().getParent());
        SigningKey key = SigningKey.loadOrCreate(settings.signingKey());
        AuditStore store;
        try {
            store = new AuditStore(ConnectionFactories.get(options), clock, key, CheckpointPolicy.DEFAULT);
        } catch (RuntimeException e) {
            throw new AuditStoreException(
                    "no R2DBC driver takes the audit database URL ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        Files.createDirectories(settings.spool().toAbsolutePath().getParent());
        Spool spool = Spool.open(settings.spool(), settings.spoolMaxBytes());
        DurableAuditLog log = new DurableAuditLog(new AuditWriter(store, spool, clock, 100_000, 500), spool);
        log.drainer.start();
        return log;
    }

    @Override
    public void record(AuditEvent event) {
        writer.record(event);
    }

    @Override
    public boolean accepting() {
        return writer.accepting();
    }

    /** The writer, for its gauges (queue depth, spool size, rejected events). */
    public AuditWriter writer() {
        return writer;
    }

    private void drainLoop() {
        try {
            while (true) {
                AuditWriter.Drained d = writer.drain(Duration.ofMillis(50));
                if (closing && (writer.queueDepth() == 0 || d == AuditWriter.Drained.STUCK)) {
                    return;
                }
                if (d == AuditWriter.Drained.STUCK) {
                    // Neither the database nor the spool takes a batch: retry, but not in a spin.
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking events, writes what is queued (to the database or the spool), and closes. */
    @Override
    public void close() throws IOException {
        closing = true;
        try {
            if (!drainer.join(Duration.ofSeconds(30))) {
                drainer.interrupt(); // a database that hangs: what is queued stays unwritten
                drainer.join(Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        spool.close();
    }
}
