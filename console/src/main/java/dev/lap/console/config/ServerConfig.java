package dev.lap.console.config;

import dev.lap.audit.spool.DurableAuditLog;
import dev.lap.audit.store.AuditStoreException;
import dev.lap.sandbox.admission.AdmissionPolicy;
import dev.lap.sandbox.agent.AgentCatalog;
import dev.lap.sandbox.agent.AgentModels;
import dev.lap.sandbox.runtime.SandboxException;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.runtime.local.LocalRuntime;
import dev.lap.sandbox.runtime.local.LocalRuntimeConfig;
import dev.lap.sandbox.session.Agents;
import dev.lap.sandbox.session.SessionSchema;
import dev.lap.sandbox.session.SessionStore;
import dev.lap.sandbox.session.Sessions;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the library modules: policies, the audit log, the session store, the runtime, sessions. */
@Configuration(proxyBeanMethods = false)
class ServerConfig {
    private static final Logger log = LoggerFactory.getLogger(ServerConfig.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DurableAuditLog auditLog(DatabaseConfig.Database database, LapProperties properties, Clock clock)
            throws AuditStoreException, IOException {
        DatabaseEndpoint db = database.endpoint();
        return DurableAuditLog.open(
                new DurableAuditLog.Settings(
                        db.auditUrl(),
                        db.password(),
                        db.jdbcUrl() + "?user=" + db.user(),
                        db.password(),
                        properties.stateDir().resolve("private").resolve("audit-signing.key"),
                        properties.stateDir().resolve("audit.spool"),
                        256L << 20),
                clock);
    }

    @Bean
    Policies policies(LapProperties properties, DurableAuditLog audit) {
        return new Policies(properties.policyDir(), audit);
    }

    @Bean
    SessionStore sessionStore(DataSource data) {
        SessionSchema.migrate(data);
        return new SessionStore(data);
    }

    /**
     * Where sandboxes run: the local (bubblewrap) runtime, one embedded vault per session. On a
     * machine where it cannot run (bubblewrap, tmux or socat missing) the server still starts,
     * says why, and every session fails to start with that reason ({@link NoRuntime}).
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SandboxRuntime sandboxRuntime(LapProperties properties, DurableAuditLog audit) {
        Path credentials = properties.credentialsFile();
        LapProperties.Vault vault = properties.vault();
        LocalRuntimeConfig config = LocalRuntimeConfig.of(
                        properties.policyDir().toAbsolutePath(),
                        credentials != null && Files.isRegularFile(credentials) ? credentials.toAbsolutePath() : null)
                .withUpstream(vault.upstreamCas(), vault.connectTo());
        try {
            return LocalRuntime.open(config, audit, OpenTelemetry.noop());
        } catch (SandboxException e) {
            log.warn("the local sandbox runtime cannot run here: {}; sessions will fail to start", e.getMessage());
            return new NoRuntime(e.getMessage());
        }
    }

    @Bean
    @ConditionalOnMissingBean
    Agents agents() {
        return new CatalogAgents(new AgentCatalog(AgentModels.DEFAULTS));
    }

    @Bean
    Sessions sessions(
            SessionStore store,
            SandboxRuntime runtime,
            Policies policies,
            Agents agents,
            DurableAuditLog audit,
            Clock clock,
            LapProperties properties) {
        LapProperties.SessionSettings s = properties.sessions();
        Sessions sessions = new Sessions(
                store,
                runtime,
                new AdmissionPolicy(policies::current, s.startTimeout()),
                agents,
                audit,
                clock,
                new Sessions.Settings(
                        properties.stateDir().resolve("sessions").toAbsolutePath(), s.stopGrace(), s.startTimeout()));
        // Before the server listens: every session believed running is found again or failed.
        sessions.recover();
        return sessions;
    }

    /** One thread for the reaper's sweeps and the policy directory's reloads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService housekeeping(Sessions sessions, Policies policies, LapProperties properties) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("lap-housekeeping").daemon().factory());
        long reap = properties.sessions().reapInterval().toMillis();
        timer.scheduleWithFixedDelay(() -> guarded("reaper", sessions::reap), reap, reap, TimeUnit.MILLISECONDS);
        long reload = properties.policyReloadInterval().toMillis();
        timer.scheduleWithFixedDelay(
                () -> guarded("policy reload", policies::reload), reload, reload, TimeUnit.MILLISECONDS);
        return timer;
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A failed sweep is retried on the next tick; the task must not die with it.
            log.warn("{} failed: {}", what, e.toString());
        }
    }
}
