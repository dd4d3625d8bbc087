package dev.lap.cli.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencySamplesTest {
    @Test
    void percentilesAreNearestRankOverAllSamples() {
        LatencySamples samples = new LatencySamples();
        for (long i = 1000; i >= 1; i--) {
            samples.add(i);
        }

        LatencySamples.Percentiles p = samples.percentiles();

        assertThat(p).isEqualTo(new LatencySamples.Percentiles(500, 900, 990, 999, 1000));
    }

    @Test
    void aRankBetweenTwoSamplesRoundsUp() {
        LatencySamples samples = new LatencySamples();
        for (long i = 1; i <= 10; i++) {
            samples.add(i);
        }

        assertThat(samples.percentiles()).isEqualTo(new LatencySamples.Percentiles(5, 9, 10, 10, 10));
    }

    @Test
    void oneSampleIsEveryPercentile() {
        LatencySamples samples = new LatencySamples();
        samples.add(42);

        assertThat(samples.percentiles()).isEqualTo(new LatencySamples.Percentiles(42, 42, 42, 42, 42));
    }

    @Test
    void growsPastItsInitialCapacity() {
        LatencySamples samples = new LatencySamples();
        for (int i = 0; i < 200_000; i++) {
            samples.add(i % 10);
        }

        assertThat(samples.size()).isEqualTo(200_000);
        assertThat(samples.full()).isFalse();
        assertThat(samples.percentiles().max()).isEqualTo(9);
    }
}
