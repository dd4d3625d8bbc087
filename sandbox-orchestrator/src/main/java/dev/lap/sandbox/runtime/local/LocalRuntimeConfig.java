package dev.lap.sandbox.runtime.local;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How the local runtime builds sandboxes and their vaults; lap-server fills it from its
 * configuration.
 *
 * @param policies the policy bundle every session's vault evaluates
 * @param credentials the credentials file; each session's vault holds only its granted entries
 * @param upstreamCas extra CAs the vaults trust upstream (tests, private registries)
 * @param resolvePins the vaults' {@code HOST:PORT:ADDR} pins
 * @param connectTo the vaults' {@code HOST:PORT:ADDR:PORT2} pins
 * @param extraReadOnly more host directories bound read-only at the same path in every sandbox
 *     (an npm prefix outside {@code /usr} that holds agent CLIs); never a home or {@code ~/.lap}
 * @param eventLoopThreads threads of the one event loop group all session vaults share; 0 lets
 *     Netty choose
 * @param policyReloadSeconds how often each vault checks its policies and credentials file
 */
public record LocalRuntimeConfig(
        Path policies,
        @Nullable Path credentials,
        List<Path> upstreamCas,
        List<String> resolvePins,
        List<String> connectTo,
        List<Path> extraReadOnly,
        int eventLoopThreads,
        int policyReloadSeconds) {
    public LocalRuntimeConfig {
        Objects.requireNonNull(policies, "policies");
        upstreamCas = List.copyOf(upstreamCas);
        resolvePins = List.copyOf(resolvePins);
        connectTo = List.copyOf(connectTo);
        extraReadOnly = List.copyOf(extraReadOnly);
        for (Path p : extraReadOnly) {
            if (!p.isAbsolute()) {
                throw new IllegalArgumentException("extraReadOnly path " + p + " must be absolute");
            }
        }
        if (eventLoopThreads < 0 || policyReloadSeconds < 0) {
            throw new IllegalArgumentException("eventLoopThreads and policyReloadSeconds must be >= 0");
        }
    }

    /** The defaults: no pins, no extra CAs or binds, two shared event loop threads, 2 s reloads. */
    public static LocalRuntimeConfig of(Path policies, @Nullable Path credentials) {
        return new LocalRuntimeConfig(policies, credentials, List.of(), List.of(), List.of(), List.of(), 2, 2);
    }

    public LocalRuntimeConfig withUpstream(List<Path> cas, List<String> connectTo) {
        return new LocalRuntimeConfig(
                policies,
                credentials,
                cas,
                resolvePins,
                connectTo,
                extraReadOnly,
                eventLoopThreads,
                policyReloadSeconds);
    }
}
