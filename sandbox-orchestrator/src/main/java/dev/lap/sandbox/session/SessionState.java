package dev.lap.sandbox.session;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Where a session is in its life. The allowed moves are explicit: {@code admitting → starting →
 * ready ⇄ attached → stopping → stopped}, and {@code failed} (with a reason) from every state that
 * is not final.
 */
public enum SessionState {
    ADMITTING,
    STARTING,
    READY,
    ATTACHED,
    STOPPING,
    STOPPED,
    FAILED;

    /** The states a session may move to from this one. */
    public Set<SessionState> next() {
        return switch (this) {
            case ADMITTING -> EnumSet.of(STARTING, FAILED);
            case STARTING -> EnumSet.of(READY, STOPPING, FAILED);
            case READY -> EnumSet.of(ATTACHED, STOPPING, FAILED);
            case ATTACHED -> EnumSet.of(READY, STOPPING, FAILED);
            case STOPPING -> EnumSet.of(STOPPED, FAILED);
            case STOPPED, FAILED -> EnumSet.noneOf(SessionState.class);
        };
    }

    public boolean canMoveTo(SessionState to) {
        return next().contains(to);
    }

    /** True once nothing more can happen to the session. */
    public boolean isFinal() {
        return next().isEmpty();
    }

    /** True while a sandbox is (believed) running for the session. */
    public boolean isRunning() {
        return this == READY || this == ATTACHED;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a name that is not a state */
    public static SessionState fromWire(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
