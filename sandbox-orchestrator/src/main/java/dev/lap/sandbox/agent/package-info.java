/**
 * The agent catalog: what a session can run ({@code shell}, {@code claude-code}, {@code codex},
 * {@code opencode}), each as a command plus the configuration that sends its model traffic to a
 * configured endpoint through the session's vault with a stub key.
 */
@NullMarked
package dev.lap.sandbox.agent;

import org.jspecify.annotations.NullMarked;
