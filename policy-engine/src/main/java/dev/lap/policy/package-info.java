/**
 * The policy engine's API: {@link dev.lap.policy.PolicyEngine} compiles Rego modules and data
 * into an immutable {@link dev.lap.policy.CompiledPolicy}, which evaluates queries concurrently.
 * Everything under {@code internal} is private to this module.
 */
@NullMarked
package dev.lap.policy;

import org.jspecify.annotations.NullMarked;
