package dev.lap.console.config;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.bundle.ReloadingPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy bundle in force, reloaded on a timer. Until a bundle first compiles there is none,
 * and everything that asks is refused (and {@code /readyz} says not ready); a later bundle that
 * does not compile never replaces the one in force. Every load, reload and rejection is audited.
 */
public final class Policies {
    private static final Logger log = LoggerFactory.getLogger(Policies.class);

    private final PolicyEngine engine = PolicyEngine.create();
    private final Path directory;
    private final AuditSink audit;
    private volatile @Nullable ReloadingPolicy loaded;
    private volatile @Nullable String lastProblem;

    Policies(Path directory, AuditSink audit) {
        this.directory = directory.toAbsolutePath().normalize();
        this.audit = audit;
        reload();
    }

    /** The policy in force, or null before any bundle compiled. */
    public @Nullable CompiledPolicy current() {
        ReloadingPolicy p = loaded;
        return p == null ? null : p.current();
    }

    /** Why no policy is loaded (or why the last reload was rejected); null when all is well. */
    public @Nullable String problem() {
        return lastProblem;
    }

    public Path directory() {
        return directory;
    }

    synchronized void reload() {
        ReloadingPolicy p = loaded;
        if (p == null) {
            if (!Files.isDirectory(directory)) {
                problem("no policy directory at " + directory
                        + "; set lap.policy-dir (LAP_POLICY_DIR) or run lap-server where policies/ is");
                return;
            }
            try {
                p = ReloadingPolicy.load(engine, directory);
            } catch (RegoException e) {
                rejected(e.errors(), "none");
                return;
            }
            loaded = p;
            lastProblem = null;
            log.info("policies: loaded {} (revision {})", directory, p.current().revision());
            audit.record(new AuditEvent.Policy(
                    AuditEvent.PolicyChange.LOADED, p.current().revision(), directory.toString(), null));
            return;
        }
        switch (p.reload()) {
            case ReloadingPolicy.Outcome.Unchanged u -> {}
            case ReloadingPolicy.Outcome.Reloaded r -> {
                lastProblem = null;
                log.info("policies: reloaded {} (revision {})", directory, r.revision());
                audit.record(new AuditEvent.Policy(
                        AuditEvent.PolicyChange.RELOADED, r.revision(), directory.toString(), null));
            }
            case ReloadingPolicy.Outcome.Rejected r ->
                rejected(r.errors(), r.keptRevision() == null ? "none" : r.keptRevision());
        }
    }

    private void rejected(List<RegoError> errors, String kept) {
        String text = errors.stream().map(RegoError::render).collect(Collectors.joining("\n"));
        if (!text.equals(lastProblem)) {
            log.warn("policies: {} does not compile; keeping revision {}:\n{}", directory, kept, text);
            audit.record(new AuditEvent.Policy(AuditEvent.PolicyChange.REJECTED, kept, directory.toString(), text));
        }
        lastProblem = text;
    }

    private void problem(String text) {
        if (!text.equals(lastProblem)) {
            log.warn("policies: {}", text);
        }
        lastProblem = text;
    }
}
