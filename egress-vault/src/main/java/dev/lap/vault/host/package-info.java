/**
 * Which machine a request is for, and whether the vault may connect to it.
 *
 * <p>A host reaches the vault in several places that must agree: the CONNECT authority, the
 * {@code Host} header, the SNI and the absolute-form URL. Clients, resolvers and the policy read
 * spellings like {@code 0x7f.1}, {@code Bücher.de} or {@code [::ffff:127.0.0.1]} differently, so
 * every host is first reduced to one {@link dev.lap.vault.host.CanonicalHost}: that text is what the
 * policy sees, what the leaf certificate names and what is resolved, so no two components can
 * disagree about it. Spellings that are ambiguous are refused rather than guessed.
 *
 * <p>{@link dev.lap.vault.host.DestinationGuard} then refuses addresses inside the sandbox's
 * network perimeter (loopback, private, link-local, CGNAT, cloud metadata and the like) and
 * {@link dev.lap.vault.host.DestinationResolver} applies it to every address DNS returns, so a
 * public name that resolves to a private address cannot reach the inside (SSRF). Only an
 * operator's explicit {@code --resolve} pin bypasses the guard.
 *
 * <p>Null-marked because every value here feeds a security decision: an absent host or address is
 * always an explicit outcome value, never a {@code null} that a caller might forget to check.
 */
@NullMarked
package dev.lap.vault.host;

import org.jspecify.annotations.NullMarked;
