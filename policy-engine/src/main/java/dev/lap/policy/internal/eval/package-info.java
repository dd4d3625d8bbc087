/**
 * The evaluator: top-down, with backtracking, in continuation-passing style. Rules are evaluated
 * eagerly in frames of their own and their values cached for the rest of the evaluation (until a
 * {@code with} changes what they may depend on).
 */
@NullMarked
package dev.lap.policy.internal.eval;

import org.jspecify.annotations.NullMarked;
