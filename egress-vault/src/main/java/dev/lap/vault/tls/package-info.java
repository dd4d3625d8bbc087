/**
 * The vault's TLS material: its certificate authority, the leaf certificates it mints per
 * intercepted host, and the trust it uses towards real upstreams.
 *
 * <p>The vault terminates a sandbox's TLS so that it can decide on, and swap credentials in, each
 * request. The sandbox trusts the vault's CA through a bundle that also holds the system roots,
 * so the CA's key lives in a private directory that nothing else reads, every leaf is shaped to
 * pass the strictest client measured (GnuTLS, as git uses it), and ALPN never promises more than
 * HTTP/1.1. Upstream connections are verified in full, since the sandbox can no longer do it.
 * {@link dev.lap.vault.tls.CertificateAuthority}, {@link dev.lap.vault.tls.LeafCertificates},
 * {@link dev.lap.vault.tls.UpstreamTls} and {@link dev.lap.vault.tls.TlsFileException} are the
 * API; the rest is package-private.
 */
@NullMarked
package dev.lap.vault.tls;

import org.jspecify.annotations.NullMarked;
