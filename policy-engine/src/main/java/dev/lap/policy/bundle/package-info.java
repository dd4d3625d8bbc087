/**
 * Policy bundles: a directory of {@code .rego} modules and {@code data.json}/{@code data.yaml}
 * documents, compiled as one policy with a revision hash, and reloaded when it changes while the
 * last good bundle stays in force.
 */
@NullMarked
package dev.lap.policy.bundle;

import org.jspecify.annotations.NullMarked;
