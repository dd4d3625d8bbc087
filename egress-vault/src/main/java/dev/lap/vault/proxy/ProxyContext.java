package dev.lap.vault.proxy;

import dev.lap.audit.AuditSink;
import dev.lap.vault.Limits;
import dev.lap.vault.credentials.Credentials;
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

/** What every handler of one vault instance shares; built once by {@link ProxyServer}. */
record ProxyContext(
        Limits limits,
        EgressInput.Session session,
        EgressPolicy policy,
        Credentials credentials,
        LeafCertificates leaves,
        SslContext upstreamTls,
        DestinationResolver resolver,
        Map<HostAndPort, InetSocketAddress> connectTo,
        Upstreams upstreams,
        AuditSink audit,
        Tracer tracer,
        TunnelCounter tunnels,
        VaultMetrics metrics,
        Executor blocking) {}
