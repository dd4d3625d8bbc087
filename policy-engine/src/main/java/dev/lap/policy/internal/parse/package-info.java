/**
 * The Rego v1 front end: {@link dev.lap.policy.internal.parse.Lexer} turns source text into
 * tokens and {@link dev.lap.policy.internal.parse.Parser} turns tokens into the syntax tree of
 * {@code dev.lap.policy.internal.ast}, normalised as OPA's parser does.
 */
@NullMarked
package dev.lap.policy.internal.parse;

import org.jspecify.annotations.NullMarked;
