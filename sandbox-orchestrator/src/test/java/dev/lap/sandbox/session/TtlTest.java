package dev.lap.sandbox.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlTest {
    @Test
    void readsUnitsAndTheirSums() {
        assertThat(Ttl.parse("8h")).isEqualTo(Duration.ofHours(8));
        assertThat(Ttl.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Ttl.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Ttl.parse(" 45s ")).isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void refusesWhatIsNotADurationSayingWhatToWrite() {
        for (String bad : new String[] {"", "8", "h", "8 h", "-1h", "1.5h", "forever", "9999999999h"}) {
            assertThatThrownBy(() -> Ttl.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("e.g. 8h");
        }
    }

    @Test
    void formatsTheShortestFormThatReadsBack() {
        assertThat(Ttl.format(Duration.ofHours(24))).isEqualTo("1d");
        assertThat(Ttl.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Ttl.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Ttl.parse(Ttl.format(Duration.ofSeconds(93784)))).isEqualTo(Duration.ofSeconds(93784));
    }
}
