package dev.lap.vault.tls;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * TLS from the vault to the real upstream, verified in full: the sandbox trusts whatever the vault
 * presents, so the vault is the only party left to check the real site's certificate.
 *
 * <p>The context trusts the system roots (see {@link SystemRoots}) plus any extra CA files (test
 * CAs, {@code --upstream-ca}), negotiates TLS 1.2 or 1.3 and offers ALPN {@code http/1.1} only.
 * Handlers must come from {@link #newHandler}, which sends SNI and turns on RFC 2818 host name
 * verification; a handler made with {@link SslContext#newHandler(ByteBufAllocator)} would do
 * neither.
 */
public final class UpstreamTls {
    private static final ApplicationProtocolConfig HTTP_1_1_ONLY = new ApplicationProtocolConfig(
            Protocol.ALPN,
            SelectorFailureBehavior.NO_ADVERTISE,
            SelectedListenerFailureBehavior.FATAL_ALERT,
            ApplicationProtocolNames.HTTP_1_1);

    private UpstreamTls() {}

    /**
     * A client context trusting the system roots and every certificate in {@code extraCaPemFiles}.
     *
     * @throws TlsFileException naming the file when an extra CA file is missing, unreadable,
     *     malformed or holds no certificate, or when the system bundle is malformed
     */
    public static SslContext clientContext(List<Path> extraCaPemFiles) throws IOException {
        requireNonNull(extraCaPemFiles, "extraCaPemFiles");
        Set<X509Certificate> trusted = new LinkedHashSet<>(SystemRoots.load());
        for (Path file : extraCaPemFiles) {
            trusted.addAll(Pem.readCertificates(requireNonNull(file, "extraCaPemFiles element")));
        }
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(IssuerNamingTrustManager.trusting(trusted))
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(HTTP_1_1_ONLY)
                .endpointIdentificationAlgorithm("HTTPS")
                .build();
    }

    /**
     * A handler for a connection to {@code canonicalHost:port}: the host is sent as SNI (unless
     * it is an IP literal, for which TLS has no SNI) and the upstream certificate must name it, as
     * a dNSName or iPAddress SAN, or the handshake fails.
     *
     * @param context a context from {@link #clientContext}
     */
    public static SslHandler newHandler(SslContext context, ByteBufAllocator alloc, String canonicalHost, int port) {
        requireNonNull(context, "context");
        requireNonNull(alloc, "alloc");
        requireNonNull(canonicalHost, "canonicalHost");
        if (!context.isClient()) {
            throw new IllegalArgumentException("context is a server context; use UpstreamTls.clientContext");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        String peerHost = LeafHost.parse(canonicalHost).name();
        SslHandler handler = context.newHandler(alloc, peerHost, port);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return handler;
    }
}
