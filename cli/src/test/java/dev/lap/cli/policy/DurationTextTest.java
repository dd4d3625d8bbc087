package dev.lap.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void printsTheLargestUnitBelowTheValueAsGoDurationsDo() {
        assertThat(DurationText.of(812)).isEqualTo("812ns");
        assertThat(DurationText.of(68_875)).isEqualTo("68.875µs");
        assertThat(DurationText.of(1_200_000)).isEqualTo("1.2ms");
        assertThat(DurationText.of(2_500_000_000L)).isEqualTo("2.5s");
    }

    @Test
    void durationOptionsTakeAUnit() {
        DurationConverter c = new DurationConverter();

        assertThat(c.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.convert("PT3S")).isEqualTo(Duration.ofSeconds(3));
    }
}
