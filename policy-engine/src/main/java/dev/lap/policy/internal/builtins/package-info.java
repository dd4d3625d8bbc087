/**
 * Rego's builtin functions. Each is declared as data ({@link dev.lap.policy.internal.builtins.Builtin}:
 * name, operand types, result type) and implemented in the class of its family, which registers
 * its builtins with {@link dev.lap.policy.internal.builtins.BuiltinRegistry}. Operand kinds are
 * checked centrally from the declaration before an implementation runs.
 */
@NullMarked
package dev.lap.policy.internal.builtins;

import org.jspecify.annotations.NullMarked;
