package dev.lap.policy.bundle;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The policy compiled from a bundle directory, recompiled when the directory changes. A bundle
 * that fails to compile never replaces the one in force: {@link #current()} keeps answering with
 * the last good policy, and {@link #reload()} says what went wrong.
 *
 * <p>Starts no thread: the application calls {@link #reload()} on its own schedule (a
 * directory watch, a timer, an admin request). Safe to call from several threads.
 */
public final class ReloadingPolicy {
    private final PolicyEngine engine;
    private final Path root;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    /** The directory's fingerprint when it was last rejected: the same broken state is reported once. */
    private @Nullable String rejectedFingerprint;

    private record Loaded(CompiledPolicy policy, String fingerprint) {}

    /** What a reload did. */
    public sealed interface Outcome permits Outcome.Unchanged, Outcome.Reloaded, Outcome.Rejected {
        /**
         * Nothing in the directory changed since the last load, or since the last rejection (a
         * broken edit is reported once, not on every check until it is fixed).
         */
        record Unchanged(String revision) implements Outcome {}

        /** A new policy is in force. */
        record Reloaded(String revision) implements Outcome {}

        /** The directory changed but does not compile; {@code keptRevision} stays in force (null if none ever did). */
        record Rejected(List<RegoError> errors, @Nullable String keptRevision) implements Outcome {}
    }

    private ReloadingPolicy(PolicyEngine engine, Path root) {
        this.engine = requireNonNull(engine, "engine");
        this.root = requireNonNull(root, "root");
    }

    /**
     * Loads the bundle at {@code root} for the first time.
     *
     * @throws RegoException when it does not compile: there is no last good policy to keep yet
     */
    public static ReloadingPolicy load(PolicyEngine engine, Path root) throws RegoException {
        ReloadingPolicy p = new ReloadingPolicy(engine, root);
        if (p.reload() instanceof Outcome.Rejected r) {
            throw new RegoException(r.errors());
        }
        return p;
    }

    /** The policy in force. */
    public CompiledPolicy current() {
        return loaded.get().policy();
    }

    /** Recompiles if any module or data document was added, removed or changed since the last load. */
    public synchronized Outcome reload() {
        Loaded before = loaded.get();
        String fingerprint;
        try {
            fingerprint = fingerprint(root);
        } catch (UncheckedIOException e) {
            return rejected(
                    RegoError.at(Bundle.BUNDLE_ERROR, "cannot list " + root + ": " + e.getMessage(), null), before);
        }
        if (before != null && before.fingerprint().equals(fingerprint)) {
            rejectedFingerprint = null; // the broken edit was undone: the next one is news
            return new Outcome.Unchanged(before.policy().revision());
        }
        if (before != null && fingerprint.equals(rejectedFingerprint)) {
            return new Outcome.Unchanged(before.policy().revision());
        }
        try {
            Bundle b = Bundle.read(root);
            CompiledPolicy p = engine.compile(b.modules(), b.data());
            loaded.set(new Loaded(p, fingerprint));
            rejectedFingerprint = null;
            return new Outcome.Reloaded(p.revision());
        } catch (RegoException e) {
            rejectedFingerprint = fingerprint;
            return new Outcome.Rejected(
                    e.errors(), before == null ? null : before.policy().revision());
        } catch (UncheckedIOException e) {
            rejectedFingerprint = fingerprint;
            return rejected(
                    RegoError.at(Bundle.BUNDLE_ERROR, "cannot read " + root + ": " + e.getMessage(), null), before);
        }
    }

    private static Outcome rejected(RegoError e, @Nullable Loaded before) {
        return new Outcome.Rejected(
                List.of(e), before == null ? null : before.policy().revision());
    }

    /**
     * A hash of every relevant file's path and bytes. Policy directories are small, and unlike
     * modification times a content hash never misses an edit made within the clock's resolution.
     */
    private static String fingerprint(Path root) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path f : Bundle.files(root)) {
                sha.update(root.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(f));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
