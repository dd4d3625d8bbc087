/**
 * {@code lap policy test|eval|check|bench}: policy tooling that runs the engine in-process, so a
 * security engineer needs no server to test, inspect or time a policy.
 */
@NullMarked
package dev.lap.cli.policy;

import org.jspecify.annotations.NullMarked;
