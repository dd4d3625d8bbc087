package dev.lap.vault;

import dev.lap.vault.policy.EgressInput;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
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
 * @param policyReloadSeconds how often the policy directory is checked for changes; 0 never
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
        int policyReloadSeconds) {

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
    }

    /** The defaults for everything but the directories. */
    public static VaultConfig of(Path policies, @Nullable Path credentials, Path stateDir) {
        return new VaultConfig(
                new InetSocketAddress("127.0.0.1", DEFAULT_PORT),
                policies,
                credentials,
                stateDir,
                List.of(),
                List.of(),
                List.of(),
                Limits.DEFAULTS,
                EgressInput.Session.NONE,
                0,
                2);
    }

    public VaultConfig withListen(InetSocketAddress value) {
        return new VaultConfig(
                value,
                policies,
                credentials,
                stateDir,
                upstreamCas,
                resolvePins,
                connectTo,
                limits,
                session,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withUpstreamCas(List<Path> value) {
        return new VaultConfig(
                listen,
                policies,
                credentials,
                stateDir,
                value,
                resolvePins,
                connectTo,
                limits,
                session,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withResolvePins(List<String> value) {
        return new VaultConfig(
                listen,
                policies,
                credentials,
                stateDir,
                upstreamCas,
                value,
                connectTo,
                limits,
                session,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withConnectTo(List<String> value) {
        return new VaultConfig(
                listen,
                policies,
                credentials,
                stateDir,
                upstreamCas,
                resolvePins,
                value,
                limits,
                session,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withLimits(Limits value) {
        return new VaultConfig(
                listen,
                policies,
                credentials,
                stateDir,
                upstreamCas,
                resolvePins,
                connectTo,
                value,
                session,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withSession(EgressInput.Session value) {
        return new VaultConfig(
                listen,
                policies,
                credentials,
                stateDir,
                upstreamCas,
                resolvePins,
                connectTo,
                limits,
                value,
                threads,
                policyReloadSeconds);
    }

    public VaultConfig withPolicyReloadSeconds(int value) {
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
                value);
    }
}
