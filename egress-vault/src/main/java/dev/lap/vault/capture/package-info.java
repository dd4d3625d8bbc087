/**
 * Secrets an upstream issues: the egress decision's {@code capture} rules ({@link
 * dev.lap.vault.capture.CaptureRule}, read strictly by {@link dev.lap.vault.capture.CaptureRules}),
 * and finding and rewriting the captured value in a response: a field of a JSON body ({@link
 * dev.lap.vault.capture.JsonFields}) or a cookie of a {@code Set-Cookie} header ({@link
 * dev.lap.vault.capture.CookieHeader}).
 *
 * <p>The vault keeps a captured value as a session credential bound to the host that issued it
 * ({@code Credentials.capture}) and hands the sandbox a stub in its place; nothing here holds a
 * value longer than one response.
 */
@NullMarked
package dev.lap.vault.capture;

import org.jspecify.annotations.NullMarked;
