/**
 * The egress vault: a TLS-intercepting forward proxy that asks {@code data.lap.egress.decision}
 * about every request leaving a sandbox, swaps stub credentials for real ones only where the
 * decision and the credential's binding allow, and scrubs real secrets out of responses.
 *
 * <p>Feature packages: {@code tls} (the vault's CA, leaf minting, upstream trust), {@code host}
 * (host canonicalisation and destination checks), {@code credentials} (the credentials file,
 * stubs, finding and swapping them), {@code scrub} (streaming secret replacement), {@code policy}
 * (building the decision input and reading the decision), {@code proxy} (the Netty handlers).
 * Only {@link dev.lap.vault.Vault} and its configuration are API.
 */
@NullMarked
package dev.lap.vault;

import org.jspecify.annotations.NullMarked;
