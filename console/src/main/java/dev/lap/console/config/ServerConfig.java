package dev.lap.console.config;

import dev.lap.audit.spool.DurableAuditLog;
import dev.lap.audit.store.AuditStoreException;
import dev.lap.sandbox.admission.AdmissionPolicy;
import dev.lap.sandbox.runtime.SandboxRuntime;
import dev.lap.sandbox.session.Agents;
import dev.lap.sandbox.session.SessionSchema;
import dev.lap.sandbox.session.SessionStore;
import dev.lap.sandbox.session.Sessions;
import java.io.IOException;
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
     * Where sandboxes run. The wiring point for the local (bubblewrap) runtime; a build without
     * one gets {@link NoRuntime}, whose sessions fail to start with a reason that says so.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    SandboxRuntime sandboxRuntime() {
        log.warn("no sandbox runtime in this build: sessions will fail to start");
        return new NoRuntime();
    }

    @Bean
    @ConditionalOnMissingBean
    Agents agents() {
        return new BuiltinAgents();
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
