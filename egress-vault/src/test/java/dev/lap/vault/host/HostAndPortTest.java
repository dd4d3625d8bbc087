package dev.lap.vault.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostAndPortTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            api.github.com:443     | api.github.com:443
            API.github.com         | api.github.com:8443
            example.com.:80        | example.com:80
            127.1:8080             | 127.0.0.1:8080
            2130706433:1           | 127.0.0.1:1
            [::1]:443              | [::1]:443
            [::1]                  | [::1]:8443
            [::FFFF:7f00:1]:65535  | [::ffff:127.0.0.1]:65535
            Bücher.de:443          | xn--bcher-kva.de:443
            """)
    void readsHostAndPort(String input, String authority) {
        assertThat(HostAndPort.parse(input, 8443))
                .isInstanceOfSatisfying(
                        ParseResult.Ok.class,
                        ok -> assertThat(ok.value().toString()).isEqualTo(authority));
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(
            strings = {
                "",
                ":443",
                "example.com:",
                "example.com:0",
                "example.com:65536",
                "example.com:99999999999",
                "example.com:0443",
                "example.com:+443",
                "example.com:-1",
                "example.com:44 3",
                "example.com:443 ",
                "example.com:0x1bb",
                "example.com:４４３",
                "example.com:443:443",
                "user@example.com:443",
                "user:pw@example.com",
                "::1:443",
                "::1",
                "[::1]443",
                "[::1]:",
                "[::1",
                "[fe80::1%25eth0]:443",
                "1.2.3.999:443",
                "exa_mple.com:443"
            })
    void refusesMalformedAuthorities(String input) {
        assertThat(HostAndPort.parse(input, 443)).isInstanceOf(ParseResult.Invalid.class);
    }
}
