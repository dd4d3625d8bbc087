package dev.lap.vault;

import dev.lap.vault.credentials.LiveCredentials;
import dev.lap.vault.policy.EgressInput;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one vault instance runs. Built by {@code lap-vault}'s command line or by lap-server for a
 * session.
 *
 * @param listen where sandboxes connect ({@code 127.0.0.1:14322} by default)
 * @param policies the policy bundle directory holding {@code data.lap.egress.decision}
 * @param credentials the credentials file, or null for a vault that swaps nothing
 * @param stateDir where {@code ca.crt}, {@code ca-bundle.pem} and {@code stubs.env} are written;
 *     its {@code private/} subdirectory (0700) holds the CA key and the issued stubs
 * @param upstreamCas extra PEM files trusted for upstream TLS, beside the system roots
 * @param resolvePins {@code HOST:PORT:ADDR} pins, curl's syntax; a pinned address bypasses DNS and
 *     the private-address refusal, because an operator chose it
 * @param connectTo {@code HOST:PORT:ADDR:PORT2} pins, curl's {@code --connect-to} with an address:
 *     requests for HOST:PORT are dialed at ADDR:PORT2 (a pin, like {@code resolvePins}); the policy
 *     and the upstream's certificate check still see HOST:PORT
 * @param auditOnFailure whether requests are refused while the audit sink cannot keep events
 * @param policyReloadSeconds how often the policy directory, the credentials file and its
 *     {@code value_from.file} sources are checked for changes; 0 never
 * @param credentialGrace how long a rotated-out credential value stays in the response scrubber
 * @param listenSocket a Unix domain socket to listen on instead of {@code listen} (lap-server's
 *     per-session vaults; the sandbox reaches it through a bind mount), or null for TCP
 * @param grantedCredentials the credential ids this vault holds, taken from the credentials file
 *     (and from every later reload or replacement); every other entry is left out, so it has no
 *     stub and is never swapped. Null holds every entry (the standalone vault)
 */
public record VaultConfig(
        InetSocketAddress listen,
        Path policies,
        @Nullable Path credentials,
        Path stateDir,
        List<Path> upstreamCas,
        List<String> resolvePins,
        List<String> connectTo,
        Limits limits,
        EgressInput.Session session,
        int threads,
        int policyReloadSeconds,
        AuditFailure auditOnFailure,
        Duration credentialGrace,
        @Nullable Path listenSocket,
        @Nullable Set<String> grantedCredentials) {

    /**
     * What the vault does while its audit sink cannot keep an event: refuse new requests (the
     * default: nothing happens unrecorded), or go on unrecorded.
     */
    public enum AuditFailure {
        REFUSE,
        ALLOW
    }

    public static final int DEFAULT_PORT = 14322;

    public VaultConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(policies, "policies");
        Objects.requireNonNull(stateDir, "stateDir");
        upstreamCas = List.copyOf(upstreamCas);
        resolvePins = List.copyOf(resolvePins);
        connectTo = List.copyOf(connectTo);
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(auditOnFailure, "auditOnFailure");
        Objects.requireNonNull(credentialGrace, "credentialGrace");
        if (credentialGrace.isNegative()) {
            throw new IllegalArgumentException("credentialGrace must not be negative");
        }
        grantedCredentials = grantedCredentials == null ? null : Set.copyOf(grantedCredentials);
    }

    /** The entries of {@code all} this vault holds ({@link #grantedCredentials}), in their order. */
    public <T> List<T> granted(List<T> all, java.util.function.Function<T, String> id) {
        Set<String> granted = grantedCredentials;
        return granted == null
                ? all
                : all.stream().filter(c -> granted.contains(id.apply(c))).toList();
    }

    /** The defaults for everything but the directories. */
    public static VaultConfig of(Path policies, @Nullable Path credentials, Path stateDir) {
        return builder(policies, stateDir).credentials(credentials).build();
    }

    /** A builder starting from the defaults: {@code 127.0.0.1:14322}, {@link Limits#DEFAULTS}, no pins. */
    public static Builder builder(Path policies, Path stateDir) {
        return new Builder(policies, stateDir);
    }

    /** A builder holding this configuration, to change a part of it. */
    public Builder toBuilder() {
        Builder b = new Builder(policies, stateDir);
        b.listen = listen;
        b.credentials = credentials;
        b.upstreamCas = upstreamCas;
        b.resolvePins = resolvePins;
        b.connectTo = connectTo;
        b.limits = limits;
        b.session = session;
        b.threads = threads;
        b.auditOnFailure = auditOnFailure;
        b.policyReloadSeconds = policyReloadSeconds;
        b.credentialGrace = credentialGrace;
        b.listenSocket = listenSocket;
        b.grantedCredentials = grantedCredentials;
        return b;
    }

    /** Collects a configuration; unset parts keep their defaults. */
    public static final class Builder {
        private final Path policies;
        private final Path stateDir;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", DEFAULT_PORT);
        private @Nullable Path credentials;
        private List<Path> upstreamCas = List.of();
        private List<String> resolvePins = List.of();
        private List<String> connectTo = List.of();
        private Limits limits = Limits.DEFAULTS;
        private EgressInput.Session session = EgressInput.Session.NONE;
        private int threads;
        private AuditFailure auditOnFailure = AuditFailure.REFUSE;
        private int policyReloadSeconds = 2;
        private Duration credentialGrace = LiveCredentials.DEFAULT_GRACE;
        private @Nullable Path listenSocket;
        private @Nullable Set<String> grantedCredentials;

        private Builder(Path policies, Path stateDir) {
            this.policies = policies;
            this.stateDir = stateDir;
        }

        public Builder listen(InetSocketAddress value) {
            listen = value;
            return this;
        }

        public Builder credentials(@Nullable Path value) {
            credentials = value;
            return this;
        }

        public Builder upstreamCas(List<Path> value) {
            upstreamCas = value;
            return this;
        }

        public Builder resolvePins(List<String> value) {
            resolvePins = value;
            return this;
        }

        public Builder connectTo(List<String> value) {
            connectTo = value;
            return this;
        }

        public Builder limits(Limits value) {
            limits = value;
            return this;
        }

        public Builder session(EgressInput.Session value) {
            session = value;
            return this;
        }

        /** Event loop threads; 0 lets Netty choose (twice the cores). */
        public Builder threads(int value) {
            threads = value;
            return this;
        }

        /** What to do while the audit sink cannot keep events; {@link AuditFailure#REFUSE} by default. */
        public Builder auditOnFailure(AuditFailure value) {
            auditOnFailure = value;
            return this;
        }

        /** Seconds between checks of the policy directory; 0 never reloads. */
        public Builder policyReloadSeconds(int value) {
            policyReloadSeconds = value;
            return this;
        }

        public Builder credentialGrace(Duration value) {
            credentialGrace = value;
            return this;
        }

        /** Listen on this Unix domain socket instead of TCP; a stale socket file is replaced. */
        public Builder listenSocket(@Nullable Path value) {
            listenSocket = value;
            return this;
        }

        /** Hold only these credential ids of the credentials file; null holds all. */
        public Builder grantedCredentials(@Nullable Set<String> value) {
            grantedCredentials = value;
            return this;
        }

        public VaultConfig build() {
            return new VaultConfig(
                    listen,
                    policies,
                    credentials,
                    stateDir,
                    upstreamCas,
                    resolvePins,
                    connectTo,
                    limits,
                    session,
                    threads,
                    policyReloadSeconds,
                    auditOnFailure,
                    credentialGrace,
                    listenSocket,
                    grantedCredentials);
        }
    }
}
