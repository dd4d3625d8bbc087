/**
 * The compiler: merges parsed modules by package into a tree of documents, resolves names
 * (imports, rules, builtins), checks safety and reorders bodies so that every variable is bound
 * before it is read, and rejects recursion. Its output, a {@link
 * dev.lap.policy.internal.compile.Program}, is immutable and shared by all evaluations.
 */
@NullMarked
package dev.lap.policy.internal.compile;

import org.jspecify.annotations.NullMarked;
