/**
 * The local runtime: each sandbox is a bubblewrap container on this machine, started detached
 * from the server so it outlives a restart. Its only way out is a bridge on {@code
 * 127.0.0.1:14322} to its session's own embedded vault behind a Unix socket, and its agent runs
 * in a tmux server whose socket is the way terminals attach (through a tmux client that is itself
 * confined, because a tmux server can make its clients run commands). docs/sandbox.md explains
 * the layout and every bind.
 */
@NullMarked
package dev.lap.sandbox.runtime.local;

import org.jspecify.annotations.NullMarked;
