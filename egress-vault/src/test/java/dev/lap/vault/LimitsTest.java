package dev.lap.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsTest {
    @Test
    void theDefaultsHoldTheSlowClientLimits() {
        assertThat(Limits.DEFAULTS.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(Limits.DEFAULTS.minRequestBodyBytesPerSecond()).isEqualTo(1024);
        assertThat(Limits.DEFAULTS.requestBodyRateWindow()).isEqualTo(Duration.ofSeconds(20));
        assertThat(Limits.DEFAULTS.maxConnectionsPerClient()).isEqualTo(512);
    }

    @Test
    void aBuilderChangesOnlyWhatItIsTold() {
        Limits changed = Limits.DEFAULTS.toBuilder()
                .requestHeadTimeout(Duration.ofSeconds(1))
                .maxConnectionsPerClient(2)
                .build();

        assertThat(changed.requestHeadTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(changed.maxConnectionsPerClient()).isEqualTo(2);
        assertThat(changed.toBuilder()
                        .requestHeadTimeout(Limits.DEFAULTS.requestHeadTimeout())
                        .maxConnectionsPerClient(Limits.DEFAULTS.maxConnectionsPerClient())
                        .build())
                .isEqualTo(Limits.DEFAULTS);
        assertThat(Limits.DEFAULTS.toBuilder().build()).isEqualTo(Limits.DEFAULTS);
    }

    @Test
    void zeroAndNegativeLimitsAreRefusedByName() {
        assertThatThrownBy(() -> Limits.DEFAULTS.toBuilder()
                        .minRequestBodyBytesPerSecond(0)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minRequestBodyBytesPerSecond");
        assertThatThrownBy(() ->
                        Limits.DEFAULTS.toBuilder().maxConnectionsPerClient(-1).build())
                .hasMessageContaining("maxConnectionsPerClient");
        assertThatThrownBy(() -> Limits.DEFAULTS.toBuilder()
                        .requestHeadTimeout(Duration.ZERO)
                        .build())
                .hasMessageContaining("timeouts must be positive");
    }
}
