/**
 * Credentials the vault holds for sandboxes: the credentials file, the stubs handed to the
 * sandbox in their place, and the per-request work of finding stubs and swapping them.
 *
 * <p>A sandbox only ever holds stubs. The real value of a credential lives in the vault's memory
 * (read from its environment or a file at start) and leaves it only inside a request to a host in
 * the credential's own binding, in a placement the credential allows, when the policy decision
 * names it. That binding check is made here, not by the policy, so no policy can loosen it. Real
 * values are wrapped in {@link dev.lap.vault.credentials.Secret} so that no {@code toString}, log
 * line or policy input can carry one by accident.
 *
 * <p>Entry points: {@link dev.lap.vault.credentials.CredentialsFile} reads the file; {@link
 * dev.lap.vault.credentials.Credentials} issues stubs and does the per-request work.
 */
@NullMarked
package dev.lap.vault.credentials;

import org.jspecify.annotations.NullMarked;
