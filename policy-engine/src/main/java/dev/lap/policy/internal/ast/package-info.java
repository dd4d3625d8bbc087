/**
 * The Rego syntax tree, as the parser produces it and the compiler rewrites it. Nodes are
 * immutable records carrying their source {@link dev.lap.policy.Location}.
 */
@NullMarked
package dev.lap.policy.internal.ast;

import org.jspecify.annotations.NullMarked;
