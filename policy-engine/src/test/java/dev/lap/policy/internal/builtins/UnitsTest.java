package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void parseDistinguishesMilliFromMega() throws Exception {
        assertThat(call("units.parse", str("500m"))).isEqualTo(num("0.5"));
        assertThat(call("units.parse", str("1M"))).isEqualTo(num(1_000_000));
        assertThat(call("units.parse", str("1mi"))).isEqualTo(num(1_048_576));
        assertThat(call("units.parse", str("1MI"))).isEqualTo(num(1_048_576));
    }

    @Test
    void parseIsExactForDecimalFractionsOfUnits() throws Exception {
        assertThat(call("units.parse", str("0.0005K"))).isEqualTo(num("0.5"));
        assertThat(call("units.parse", str("0.0000005M"))).isEqualTo(num("0.5"));
        assertThat(call("units.parse", str("-3.5E2m"))).isEqualTo(num("-0.35"));
        assertThat(call("units.parse", str("1G"))).isEqualTo(num(1_000_000_000));
    }

    @Test
    void parseReadsScientificNotation() throws Exception {
        assertThat(call("units.parse", str("1e10"))).isEqualTo(num(10_000_000_000L));
        assertThat(call("units.parse", str("7.8E-1"))).isEqualTo(num("0.78"));
        assertThat(call("units.parse", str("5e1Gi"))).isEqualTo(num(53_687_091_200L));
        assertThat(call("units.parse", str("10E"))).isEqualTo(num("10000000000000000000"));
    }

    @Test
    void parseBytesIsCaseInsensitiveAndTruncates() throws Exception {
        assertThat(call("units.parse_bytes", str("1KiB"))).isEqualTo(num(1024));
        assertThat(call("units.parse_bytes", str("2Mi"))).isEqualTo(num(2_097_152));
        assertThat(call("units.parse_bytes", str("4.1Mi"))).isEqualTo(num(4_299_161));
        assertThat(call("units.parse_bytes", str("\"12MB\""))).isEqualTo(num(12_000_000));
    }

    @Test
    void failuresNameTheProblem() {
        assertThat(failure("units.parse", str("")).getMessage()).isEqualTo("units.parse: no amount provided");
        assertThat(failure("units.parse", str("0.0.0")).getMessage())
                .isEqualTo("units.parse: could not parse amount to a number");
        assertThat(failure("units.parse", str("100 k")).getMessage())
                .isEqualTo("units.parse: spaces not allowed in resource strings");
        assertThat(failure("units.parse", str("10e10000000Ei")).getMessage())
                .isEqualTo("units.parse: exponent too large");
        assertThat(failure("units.parse", str("1x")).getMessage()).isEqualTo("units.parse: unit x not recognized");
        assertThat(failure("units.parse_bytes", str("GB")).getMessage())
                .isEqualTo("units.parse_bytes: no byte amount provided");
        assertThat(failure("units.parse_bytes", str("1xb")).getMessage())
                .isEqualTo("units.parse_bytes: byte unit xb not recognized");
    }
}
