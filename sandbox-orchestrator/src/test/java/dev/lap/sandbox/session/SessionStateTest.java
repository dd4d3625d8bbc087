package dev.lap.sandbox.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionStateTest {
    @Test
    void theHappyPathIsAllowedStepByStep() {
        assertThat(SessionState.ADMITTING.canMoveTo(SessionState.STARTING)).isTrue();
        assertThat(SessionState.STARTING.canMoveTo(SessionState.READY)).isTrue();
        assertThat(SessionState.READY.canMoveTo(SessionState.ATTACHED)).isTrue();
        assertThat(SessionState.ATTACHED.canMoveTo(SessionState.READY)).isTrue();
        assertThat(SessionState.ATTACHED.canMoveTo(SessionState.STOPPING)).isTrue();
        assertThat(SessionState.STOPPING.canMoveTo(SessionState.STOPPED)).isTrue();
    }

    @Test
    void noStepIsSkippedAndFinalStatesStayFinal() {
        assertThat(SessionState.ADMITTING.canMoveTo(SessionState.READY)).isFalse();
        assertThat(SessionState.READY.canMoveTo(SessionState.STOPPED)).isFalse();
        assertThat(SessionState.STOPPED.next()).isEmpty();
        assertThat(SessionState.FAILED.next()).isEmpty();
        assertThat(SessionState.STOPPED.canMoveTo(SessionState.READY)).isFalse();
    }

    @Test
    void everyStateThatIsNotFinalCanFail() {
        for (SessionState s : SessionState.values()) {
            assertThat(s.canMoveTo(SessionState.FAILED)).isEqualTo(!s.isFinal());
        }
    }

    @Test
    void wireNamesRoundTrip() {
        for (SessionState s : SessionState.values()) {
            assertThat(SessionState.fromWire(s.wireName())).isEqualTo(s);
        }
    }
}
