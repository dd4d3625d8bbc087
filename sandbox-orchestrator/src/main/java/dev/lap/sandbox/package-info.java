/**
 * Sessions and the sandboxes they run in. {@code runtime} is the seam between a session's life
 * (admission, state machine, store, reaper, in {@code session}) and the place its agent runs
 * ({@code runtime.local}: bubblewrap on this machine; later {@code runtime.kubernetes}). No Spring
 * here: the console wires these classes.
 */
@NullMarked
package dev.lap.sandbox;

import org.jspecify.annotations.NullMarked;
