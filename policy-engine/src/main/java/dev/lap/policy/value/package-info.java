/**
 * Rego values: the documents a policy reads ({@code input}, {@code data}) and the results it
 * produces. Values are immutable, compare and hash by Rego's rules ({@code 1 == 1.0}), and order
 * as OPA orders them: null, booleans, numbers, strings, arrays, objects, sets.
 */
@NullMarked
package dev.lap.policy.value;

import org.jspecify.annotations.NullMarked;
