/**
 * A session's life: {@link dev.lap.sandbox.session.SessionState} (the state machine and its
 * allowed transitions), {@link dev.lap.sandbox.session.SessionStore} (sessions and their history
 * in PostgreSQL), and {@link dev.lap.sandbox.session.Sessions} (admission, start, attach, stop,
 * the reaper's sweep and recovery after a restart), every transition audited. No threads are
 * started here: the application schedules {@link dev.lap.sandbox.session.Sessions#reap}.
 */
@NullMarked
package dev.lap.sandbox.session;

import org.jspecify.annotations.NullMarked;
