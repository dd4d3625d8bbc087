package dev.lap.vault.tls;

import static java.util.Objects.requireNonNull;

import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.ParseResult;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolConfig.Protocol;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.AsyncMapping;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.spec.PBEParameterSpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Mints, and keeps, the leaf certificates the vault presents to a sandbox in place of the real
 * sites'. Each leaf names exactly one host and is signed by the vault's {@link
 * CertificateAuthority}; all leaves of one instance share one P-256 key, generated at
 * construction and never stored.
 *
 * <p>Server contexts are kept in an LRU cache; under concurrent demand a host is minted once and
 * every caller waits for that one mint. A leaf is minted again a day before it expires, so a vault
 * that runs for months never presents an expired certificate.
 *
 * <p>Every context negotiates TLS 1.2 or 1.3 and answers ALPN with {@code h2} when the client
 * offers it, else {@code http/1.1}; a client that offers neither gets the fatal {@code
 * no_application_protocol} alert RFC 7301 prescribes instead of a connection on which it would
 * speak a protocol the proxy cannot parse. A client that offers no ALPN at all speaks HTTP/1.1.
 */
public final class LeafCertificates {
    /** The default number of hosts whose contexts are kept. */
    public static final int DEFAULT_CACHE_SIZE = 1024;

    static final Duration BACKDATE = Duration.ofHours(1);
    /** Well inside the 398 days Apple and Chrome accept, and short enough not to matter if leaked. */
    static final Duration LIFETIME = Duration.ofDays(30);

    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofDays(1);
    /** The server's order is the preference: {@code h2} first. */
    private static final ApplicationProtocolConfig H2_OR_HTTP_1_1 = new ApplicationProtocolConfig(
            Protocol.ALPN,
            SelectorFailureBehavior.FATAL_ALERT,
            SelectedListenerFailureBehavior.FATAL_ALERT,
            ApplicationProtocolNames.HTTP_2,
            ApplicationProtocolNames.HTTP_1_1);

    private static final SecureRandom SALT = new SecureRandom();

    private final CertificateAuthority ca;
    private final KeyPair leafKey;
    private final int cacheSize;
    private final Clock clock;
    private final AtomicInteger mints = new AtomicInteger();
    private final Map<LeafHost, CompletableFuture<Leaf>> cache;

    /** Leaves for {@code ca}, keeping {@value #DEFAULT_CACHE_SIZE} hosts. */
    public LeafCertificates(CertificateAuthority ca) {
        this(ca, DEFAULT_CACHE_SIZE);
    }

    /** Leaves for {@code ca}, keeping the {@code cacheSize} most recently used hosts. */
    public LeafCertificates(CertificateAuthority ca, int cacheSize) {
        this(ca, cacheSize, Clock.systemUTC());
    }

    LeafCertificates(CertificateAuthority ca, int cacheSize, Clock clock) {
        this.ca = requireNonNull(ca, "ca");
        if (cacheSize < 1) {
            throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
        }
        this.cacheSize = cacheSize;
        this.clock = requireNonNull(clock, "clock");
        this.leafKey = CertificateAuthority.newEcKeyPair();
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<LeafHost, CompletableFuture<Leaf>> eldest) {
                return size() > LeafCertificates.this.cacheSize;
            }
        };
    }

    /**
     * The server context presenting a leaf for {@code canonicalHost} (chain: leaf, CA); use it with
     * {@link SslContext#newHandler(io.netty.buffer.ByteBufAllocator)}.
     *
     * @param canonicalHost a DNS name or an IP literal (IPv6 with or without brackets), as the
     *     CONNECT request named it after canonicalisation
     * @throws IllegalArgumentException when {@code canonicalHost} is not a host name or IP literal
     */
    public SslContext serverContext(String canonicalHost) {
        return leaf(LeafHost.parse(requireNonNull(canonicalHost, "canonicalHost")))
                .context();
    }

    /**
     * The context for {@code canonicalHost} if a current leaf is already minted, else null: lets a
     * caller on an event loop take the cheap path inline and mint elsewhere.
     */
    public @Nullable SslContext cachedServerContext(String canonicalHost) {
        return cached(LeafHost.parse(requireNonNull(canonicalHost, "canonicalHost")));
    }

    private @Nullable SslContext cached(LeafHost host) {
        CompletableFuture<Leaf> pending;
        synchronized (cache) {
            pending = cache.get(host);
        }
        if (pending == null
                || !pending.isDone()
                || pending.isCompletedExceptionally()
                || isDueForRenewal(pending, clock.instant())) {
            return null;
        }
        return pending.join().context();
    }

    /**
     * The mapping for Netty's {@code SniHandler} on a tunnel opened by {@code CONNECT connectHost}:
     * it hands the server name the client sent (null for none) to {@code seen}, then answers with
     * the leaf for {@code connectHost}, whatever that name: from the cache at once, or minted on
     * {@code minting} (signing takes about a millisecond, which an event loop should not spend).
     * The leaf is always the CONNECT host's, never one the client asked for by SNI; a name that is
     * not the CONNECT host ({@link #sniMatches}) is refused on the tunnel's first request, with 421
     * and a reason, rather than by failing the handshake with none.
     */
    public AsyncMapping<String, SslContext> tunnelMapping(
            CanonicalHost connectHost, Executor minting, Consumer<@Nullable String> seen) {
        requireNonNull(connectHost, "connectHost");
        requireNonNull(minting, "minting");
        requireNonNull(seen, "seen");
        LeafHost host = new LeafHost(connectHost);
        return (serverName, promise) -> {
            seen.accept(serverName);
            SslContext cached = cached(host);
            if (cached != null) {
                return promise.setSuccess(cached);
            }
            minting.execute(() -> {
                try {
                    promise.setSuccess(leaf(host).context());
                } catch (RuntimeException e) {
                    promise.setFailure(e);
                }
            });
            return promise;
        };
    }

    /**
     * Whether a client's SNI names {@code connectHost}. The name is read by {@link
     * CanonicalHost#parse}, as every host the vault compares, so case, one trailing dot and an IDN
     * in Unicode match; a name that cannot be read does not. An absent SNI matches: clients send
     * none for IP literals (RFC 6066), and the leaf presented is the CONNECT host's anyway.
     */
    public static boolean sniMatches(@Nullable String sni, CanonicalHost connectHost) {
        requireNonNull(connectHost, "connectHost");
        if (sni == null || sni.isEmpty()) {
            return true;
        }
        return CanonicalHost.parse(sni) instanceof ParseResult.Ok<CanonicalHost> ok
                && ok.value().equals(connectHost);
    }

    /** The certificate currently presented for {@code canonicalHost}. */
    X509Certificate certificate(String canonicalHost) {
        return leaf(LeafHost.parse(canonicalHost)).certificate();
    }

    /** How many leaves this instance has minted. */
    int mints() {
        return mints.get();
    }

    private Leaf leaf(LeafHost host) {
        CompletableFuture<Leaf> pending;
        CompletableFuture<Leaf> mine = null;
        Instant now = clock.instant();
        synchronized (cache) {
            pending = cache.get(host);
            if (pending == null || isDueForRenewal(pending, now)) {
                pending = mine = new CompletableFuture<>();
                cache.put(host, pending);
            }
        }
        if (mine != null) {
            // Minted outside the lock: other hosts need not wait for this one.
            try {
                mine.complete(mint(host, now));
            } catch (RuntimeException | Error e) {
                synchronized (cache) {
                    cache.remove(host, mine);
                }
                mine.completeExceptionally(e);
            }
        }
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static boolean isDueForRenewal(CompletableFuture<Leaf> pending, Instant now) {
        return pending.isDone()
                && !pending.isCompletedExceptionally()
                && !now.isBefore(pending.join().renewAt());
    }

    private Leaf mint(LeafHost host, Instant now) {
        mints.incrementAndGet();
        Instant notBefore = now.minus(BACKDATE);
        Instant notAfter = now.plus(LIFETIME);
        Instant caNotAfter = ca.certificate().getNotAfter().toInstant();
        if (notAfter.isAfter(caNotAfter)) {
            notAfter = caNotAfter;
        }
        try {
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                            ca.certificate(),
                            CertificateAuthority.randomSerial(),
                            Date.from(notBefore),
                            Date.from(notAfter),
                            subject(host),
                            leafKey.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    // RFC 5280: with an empty subject the SAN is the only name and must be critical.
                    .addExtension(
                            Extension.subjectAlternativeName,
                            host.name().length() > 64,
                            new GeneralNames(host.subjectAltName()))
                    .addExtension(
                            Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(ca.keyIdentifier()))
                    .addExtension(
                            Extension.subjectKeyIdentifier,
                            false,
                            CertificateAuthority.keyIdentifierOf(leafKey.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder(ca.signatureAlgorithm()).build(ca.privateKey())));
            SslContext context = SslContextBuilder.forServer(keyManagers(certificate))
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2")
                    .applicationProtocolConfig(H2_OR_HTTP_1_1)
                    .build();
            return new Leaf(certificate, context, notAfter.minus(RENEW_BEFORE_EXPIRY));
        } catch (CertIOException | OperatorCreationException | GeneralSecurityException | SSLException e) {
            throw new IllegalStateException("minting a leaf certificate for " + host.name() + " failed", e);
        }
    }

    /**
     * The JDK key manager for the leaf key and the chain leaf, CA. Netty's
     * {@code forServer(key, chain...)} builds the same thing through a PKCS#12 key store that
     * protects the key with 10,000 PBKDF2 iterations, then unwraps it with as many more: most of a
     * mint's time, spent on the event loop of the connection that needs the leaf. This store only
     * carries the key from here to the key manager factory in memory, so one iteration is enough.
     */
    private KeyManagerFactory keyManagers(X509Certificate certificate) throws GeneralSecurityException {
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an in-memory key store", e);
        }
        byte[] salt = new byte[16];
        SALT.nextBytes(salt);
        store.setEntry(
                "leaf",
                new KeyStore.PrivateKeyEntry(
                        leafKey.getPrivate(), new X509Certificate[] {certificate, ca.certificate()}),
                new KeyStore.PasswordProtection(
                        password, "PBEWithHmacSHA256AndAES_256", new PBEParameterSpec(salt, 1)));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, password);
        return factory;
    }

    /** CN = the host, as clients that still read the CN expect; RFC 5280 caps a CN at 64 characters. */
    private static X500Name subject(LeafHost host) {
        X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
        if (host.name().length() <= 64) {
            subject.addRDN(BCStyle.CN, host.name());
        }
        return subject.build();
    }

    private record Leaf(X509Certificate certificate, SslContext context, Instant renewAt) {}
}
