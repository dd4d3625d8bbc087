package dev.lap.vault.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResolvePinTest {

    @Test
    void readsCurlSyntaxWithSeveralAddresses() throws Exception {
        ResolvePin pin = ok("Registry.Local:443:10.0.0.5,[fd00::5]");
        assertThat(pin.host()).isEqualTo(CanonicalHostTest.host("registry.local"));
        assertThat(pin.port()).isEqualTo(443);
        assertThat(pin.addresses())
                .containsExactly(InetAddress.getByName("10.0.0.5"), InetAddress.getByName("fd00::5"));
        assertThat(pin.addresses().get(0).getHostName()).isEqualTo("registry.local");
    }

    @Test
    void readsBracketedIpv6Host() {
        ResolvePin pin = ok("[::1]:8443:[::1]");
        assertThat(pin.target().toString()).isEqualTo("[::1]:8443");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            example.com                        | expected HOST:PORT:ADDR
            example.com:443                    | expected HOST:PORT:ADDR
            example.com:443:                   | no ADDR given
            :443:10.0.0.1                      | HOST: empty host
            *:443:10.0.0.1                     | a wildcard HOST is not supported
            +example.com:443:10.0.0.1          | the + and - prefixes are not supported
            -example.com:443                   | the + and - prefixes are not supported
            example.com:0:10.0.0.1             | PORT must be a number from 1 to 65535
            example.com:https:10.0.0.1         | PORT must be a number from 1 to 65535
            example.com:443:::1                | ADDR "::1" is neither
            example.com:443:010.0.0.1          | ADDR "010.0.0.1" is neither
            example.com:443:127.1              | ADDR "127.1" is neither
            example.com:443:10.0.0.1,          | ADDR "" is neither
            example.com:443:[fe80::1%eth0]     | ADDR "[fe80::1%eth0]" is neither
            example.com:443:registry.local     | ADDR "registry.local" is neither
            [::1:443:[::1]                     | expected HOST:PORT:ADDR, with an IPv6 HOST in brackets
            ex_ample.com:443:10.0.0.1          | HOST: not a valid host name
            """)
    void refusesWithAReasonThatQuotesTheOption(String spec, String reason) {
        assertThat(ResolvePin.parse(spec))
                .isInstanceOfSatisfying(
                        ParseResult.Invalid.class,
                        bad -> assertThat(bad.reason())
                                .startsWith("--resolve " + spec + ": ")
                                .contains(reason));
    }

    static ResolvePin ok(String spec) {
        return switch (ResolvePin.parse(spec)) {
            case ParseResult.Ok<ResolvePin> ok -> ok.value();
            case ParseResult.Invalid<ResolvePin> bad -> throw new AssertionError(bad.reason());
        };
    }
}
