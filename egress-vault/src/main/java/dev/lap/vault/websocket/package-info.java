/**
 * WebSocket through the vault (RFC 6455): which requests are upgrades, what the upstream's
 * {@code 101} must say before the vault switches, and the frame relay after it, which scrubs every
 * frame toward the sandbox. The proxy decides, swaps and dials as for any request; this package
 * knows nothing of policies or credentials beyond the {@link dev.lap.vault.scrub.Scrubber} it is
 * handed.
 */
@NullMarked
package dev.lap.vault.websocket;

import org.jspecify.annotations.NullMarked;
