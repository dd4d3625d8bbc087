/**
 * Streaming secret replacement for bodies and headers that pass through the vault.
 *
 * <p>The same machinery runs in both directions: toward the upstream it replaces stubs by real
 * values in request bodies (only for credentials the decision and binding allow), and toward the
 * sandbox it replaces real values by their stubs in response headers and bodies. Every pattern
 * pair has equal length, so an identity-encoded body keeps its {@code Content-Length}; bodies are
 * never buffered whole, because a response may be gigabytes long or never end (server-sent
 * events). Nothing here knows about credentials; {@code dev.lap.vault.credentials} builds the
 * patterns.
 */
@NullMarked
package dev.lap.vault.scrub;

import org.jspecify.annotations.NullMarked;
