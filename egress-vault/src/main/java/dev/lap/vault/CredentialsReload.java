package dev.lap.vault;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.AuditSink;
import dev.lap.vault.credentials.Credential;
import dev.lap.vault.credentials.CredentialsFile;
import dev.lap.vault.credentials.LiveCredentials;
import dev.lap.vault.credentials.Rotation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Puts changed credentials in force while the vault runs: from the credentials file (checked on
 * the reload schedule and on demand, e.g. {@code SIGHUP}) or from a caller's list (lap-server's
 * API). Every change is audited with fingerprints only; a refused change (a file that does not
 * parse, an unreadable source, a duplicate id, a new value the old stub cannot stand for) keeps
 * the credentials in force and is audited once, not on every poll that sees it again.
 */
final class CredentialsReload {
    private final LiveCredentials live;
    private final @Nullable Path file;
    private final Path stubsEnv;
    private final AuditSink audit;
    private final UnaryOperator<List<Credential>> granted;
    private @Nullable String lastRefusal;

    /** {@code granted} keeps the entries this vault holds (a session's grants) out of every list. */
    CredentialsReload(
            LiveCredentials live,
            @Nullable Path file,
            Path stubsEnv,
            AuditSink audit,
            UnaryOperator<List<Credential>> granted) {
        this.live = Objects.requireNonNull(live, "live");
        this.file = file;
        this.stubsEnv = Objects.requireNonNull(stubsEnv, "stubsEnv");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.granted = Objects.requireNonNull(granted, "granted");
    }

    /** Reads the credentials file again and puts what changed in force; also ends expired grace periods. */
    synchronized void check() {
        live.expire();
        if (file == null) {
            return;
        }
        switch (CredentialsFile.read(file)) {
            case CredentialsFile.Loaded loaded -> replace(loaded.credentials());
            case CredentialsFile.Invalid invalid ->
                refused(null, "the credentials file is not valid:\n" + invalid.render());
        }
    }

    /** Puts {@code next} in force (or refuses it), audits the outcome and rewrites the stubs file. */
    synchronized Rotation replace(List<Credential> next) {
        Rotation r = live.replace(granted.apply(next));
        switch (r) {
            case Rotation.Unchanged u -> lastRefusal = null;
            case Rotation.Applied applied -> {
                lastRefusal = null;
                applied.changes().forEach(audit::record);
                try {
                    applied.credentials().writeStubsEnv(stubsEnv);
                } catch (IOException e) {
                    refused(
                            null,
                            "the new credentials are in force, but " + stubsEnv + " could not be rewritten ("
                                    + e.getClass().getSimpleName() + ")");
                }
            }
            case Rotation.Refused refused -> refused(refused.credentialId(), refused.reason());
        }
        return r;
    }

    private void refused(@Nullable String credentialId, String reason) {
        if (reason.equals(lastRefusal)) {
            return;
        }
        lastRefusal = reason;
        audit.record(new AuditEvent.CredentialChange(
                AuditEvent.CredentialChangeKind.REJECTED, credentialId, null, null, reason));
    }
}
