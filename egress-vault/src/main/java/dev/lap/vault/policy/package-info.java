/**
 * Asking {@code data.lap.egress.decision}: the input the vault builds for one request, and the
 * decision read back from the policy's answer.
 *
 * <p>Anything but a well-formed decision object is a refusal: an undefined result, an evaluation
 * error, a time-out, a result of the wrong shape, or no policy loaded at all. The reason says which,
 * so the security team can see why a request was refused without reading the vault's logs.
 */
@NullMarked
package dev.lap.vault.policy;

import org.jspecify.annotations.NullMarked;
