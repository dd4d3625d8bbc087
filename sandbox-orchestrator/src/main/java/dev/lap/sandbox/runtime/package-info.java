/**
 * The seam between sessions and the places sandboxes run. A {@link dev.lap.sandbox.runtime.SandboxRuntime}
 * starts a sandbox for a {@link dev.lap.sandbox.runtime.SandboxSpec}, finds it again after the
 * server restarts, attaches terminals to it and stops it. The runtime owns the session's egress
 * route (locally: an embedded vault per session behind a Unix socket), because where that route
 * lives differs per runtime (a sidecar on Kubernetes).
 */
@NullMarked
package dev.lap.sandbox.runtime;

import org.jspecify.annotations.NullMarked;
