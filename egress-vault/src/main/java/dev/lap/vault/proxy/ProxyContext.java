package dev.lap.vault.proxy;

import dev.lap.audit.AuditSink;
import dev.lap.vault.Limits;
import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.credentials.LiveCredentials;
import dev.lap.vault.host.DestinationResolver;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.policy.EgressInput;
import dev.lap.vault.policy.EgressPolicy;
import dev.lap.vault.tls.LeafCertificates;
import io.netty.handler.ssl.SslContext;
import io.opentelemetry.api.trace.Tracer;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What every handler of one vault instance shares; built once by {@link ProxyServer}. The
 * credentials can be replaced while the vault runs: an exchange works on {@link #pinned()}, so it
 * uses one snapshot from its decision to its last response byte.
 */
record ProxyContext(
        Limits limits,
        EgressInput.Session session,
        EgressPolicy policy,
        Supplier<Credentials> liveCredentials,
        LeafCertificates leaves,
        SslContext upstreamTls,
        DestinationResolver resolver,
        Map<HostAndPort, InetSocketAddress> connectTo,
        Upstreams upstreams,
        AuditSink audit,
        Tracer tracer,
        TunnelCounter tunnels,
        VaultMetrics metrics,
        Executor blocking) {

    /** The credentials in force now (for an exchange: the snapshot it was pinned to). */
    Credentials credentials() {
        return liveCredentials.get();
    }

    /**
     * Where a value captured from a response is kept: the live credentials, not an exchange's
     * snapshot; null when the vault was built without them (nothing can then be captured).
     */
    @Nullable LiveCredentials capturing() {
        Supplier<Credentials> s = liveCredentials instanceof Pinned p ? p.live() : liveCredentials;
        return s instanceof LiveCredentials live ? live : null;
    }

    /** An exchange's snapshot, remembering the live credentials it was taken from. */
    private record Pinned(Credentials snapshot, Supplier<Credentials> live) implements Supplier<Credentials> {
        @Override
        public Credentials get() {
            return snapshot;
        }
    }

    /** This context with the credentials in force now fixed for its whole life. */
    ProxyContext pinned() {
        if (liveCredentials instanceof Pinned) {
            return this;
        }
        Supplier<Credentials> live = liveCredentials;
        return new ProxyContext(
                limits,
                session,
                policy,
                new Pinned(live.get(), live),
                leaves,
                upstreamTls,
                resolver,
                connectTo,
                upstreams,
                audit,
                tracer,
                tunnels,
                metrics,
                blocking);
    }
}
