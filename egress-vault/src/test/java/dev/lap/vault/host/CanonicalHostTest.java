package dev.lap.vault.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.vault.host.CanonicalHost.Kind;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalHostTest {

    @ParameterizedTest(name = "{0} -> {1} ({2})")
    @CsvSource(delimiter = '|', textBlock = """
            api.github.com            | api.github.com        | DNS
            API.GitHub.COM            | api.github.com        | DNS
            example.com.              | example.com           | DNS
            localhost                 | localhost             | DNS
            a-b.example               | a-b.example           | DNS
            1.2.3.4.example           | 1.2.3.4.example       | DNS
            0x7f.example              | 0x7f.example          | DNS
            foo.0xg                   | foo.0xg               | DNS
            example.0x1g2             | example.0x1g2         | DNS
            0x1.0xg                   | 0x1.0xg               | DNS
            1e3                       | 1e3                   | DNS
            Bücher.de                 | xn--bcher-kva.de      | DNS
            xn--bcher-kva.de          | xn--bcher-kva.de      | DNS
            XN--BCHER-KVA.DE          | xn--bcher-kva.de      | DNS
            例え.テスト                 | xn--r8jz45g.xn--zckzah | DNS
            münchen。de               | xn--mnchen-3ya.de     | DNS
            ℂ.com                     | c.com                 | DNS
            127.0.0.1                 | 127.0.0.1             | IPV4
            127.0.0.1.                | 127.0.0.1             | IPV4
            127.1                     | 127.0.0.1             | IPV4
            127.0.1                   | 127.0.0.1             | IPV4
            0x7f.0.0.1                | 127.0.0.1             | IPV4
            0X7F.0.0.1                | 127.0.0.1             | IPV4
            0177.0.0.1                | 127.0.0.1             | IPV4
            00000177.0.0.1            | 127.0.0.1             | IPV4
            2130706433                | 127.0.0.1             | IPV4
            0x7f000001                | 127.0.0.1             | IPV4
            017700000001              | 127.0.0.1             | IPV4
            0x7f.1                    | 127.0.0.1             | IPV4
            0xa9.0xfe.0xa9.0xfe       | 169.254.169.254       | IPV4
            169.254.43518             | 169.254.169.254       | IPV4
            0                         | 0.0.0.0               | IPV4
            0x                        | 0.0.0.0               | IPV4
            4294967295                | 255.255.255.255       | IPV4
            0xffffffff                | 255.255.255.255       | IPV4
            1.16777215                | 1.255.255.255         | IPV4
            1.2.65535                 | 1.2.255.255           | IPV4
            010.0.0.1                 | 8.0.0.1               | IPV4
            １２７．０．０．１           | 127.0.0.1             | IPV4
            ::1                       | ::1                   | IPV6
            [::1]                     | ::1                   | IPV6
            [0:0:0:0:0:0:0:1]         | ::1                   | IPV6
            [::]                      | ::                    | IPV6
            2001:DB8:0:0:1:0:0:1      | 2001:db8::1:0:0:1     | IPV6
            2001:db8:0000:1:1:1:1:1   | 2001:db8:0:1:1:1:1:1  | IPV6
            2001:0db8::0001           | 2001:db8::1           | IPV6
            [::ffff:127.0.0.1]        | ::ffff:127.0.0.1      | IPV6
            [::ffff:7f00:1]           | ::ffff:127.0.0.1      | IPV6
            [0:0:0:0:0:ffff:a9fe:a9fe] | ::ffff:169.254.169.254 | IPV6
            [::127.0.0.1]             | ::127.0.0.1           | IPV6
            [64:ff9b::10.0.0.1]       | 64:ff9b::a00:1        | IPV6
            fe80::1:2                 | fe80::1:2             | IPV6
            1::                       | 1::                   | IPV6
            1:2:3:4:5:6:7::           | 1:2:3:4:5:6:7:0       | IPV6
            """)
    void canonicalisesEverySpelling(String input, String name, Kind kind) {
        assertThat(CanonicalHost.parse(input)).isEqualTo(new ParseResult.Ok<>(new CanonicalHost(name, kind)));
    }

    @ParameterizedTest(name = "[{0}] is refused")
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "a..b",
                "example.com..",
                ".example.com",
                "exa mple.com",
                "example.com/",
                "user@example.com",
                "example.com:443",
                "a_b.example",
                "-a.example",
                "a-.example",
                "ex%61mple.com",
                "\u0000.com",
                "xn--zz.example",
                "xn--.example",
                "straße.de",
                "a\u200Db.example",
                // numeric last label: an IPv4 literal or nothing, never a DNS name
                "1.2.3.4.5",
                "256.0.0.1",
                "1.2.3.256",
                "1.2.65536",
                "1.16777216",
                "4294967296",
                "0x100000000",
                "99999999999999999999999",
                "08.0.0.1",
                "0.0.0.09",
                "foo.09",
                "foo.123",
                "1.2..3",
                // IPv6
                "[::1",
                "::1]",
                "[]",
                "[127.0.0.1]",
                "[example.com]",
                "[fe80::1%eth0]",
                "fe80::1%25eth0",
                ":::",
                "1:::2",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "1:2:3:4:5:6:7",
                "1:2:3:4::5:6:7:8",
                "12345::1",
                ":1::2",
                "1::2:",
                "::ffff:127.0.0.01",
                "::ffff:127.0.0",
                "::ffff:256.0.0.1",
                "::1.2.3.4:5",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::ｆ"
            })
    void refusesMalformedHosts(String input) {
        assertThat(CanonicalHost.parse(input)).isInstanceOf(ParseResult.Invalid.class);
    }

    @Test
    void refusesOverlongNamesAndLabels() {
        String label63 = "a".repeat(63);
        String name253 = String.join(".", label63, label63, label63, "a".repeat(61));
        assertThat(CanonicalHost.parse(name253)).isInstanceOf(ParseResult.Ok.class);
        assertThat(CanonicalHost.parse(name253 + ".")).isInstanceOf(ParseResult.Ok.class);
        assertThat(CanonicalHost.parse(name253 + "a"))
                .isEqualTo(new ParseResult.Invalid<>("host name is longer than 253 characters"));
        assertThat(CanonicalHost.parse("a".repeat(64) + ".com")).isInstanceOf(ParseResult.Invalid.class);
        assertThat(CanonicalHost.parse("a".repeat(100_000))).isEqualTo(new ParseResult.Invalid<>("host is too long"));
    }

    @Test
    void numericLookingInvalidHostSaysSo() {
        assertThat(CanonicalHost.parse("1.2.3.999"))
                .isEqualTo(new ParseResult.Invalid<>("host looks like an IPv4 address but is not a valid one"));
    }

    @Test
    void uriHostBracketsOnlyIpv6() throws Exception {
        assertThat(host("::1").uriHost()).isEqualTo("[::1]");
        assertThat(host("127.1").uriHost()).isEqualTo("127.0.0.1");
        assertThat(host("Example.com").uriHost()).isEqualTo("example.com");
        assertThat(host("[::1]").toString()).isEqualTo("[::1]");
    }

    @Test
    void literalAddressIsTheAddressAndMappedIpv6IsItsIpv4() throws Exception {
        assertThat(host("0x7f.1").literalAddress()).contains(InetAddress.getByName("127.0.0.1"));
        assertThat(host("[2001:db8::1]").literalAddress()).contains(InetAddress.getByName("2001:db8::1"));
        assertThat(host("[::ffff:10.0.0.1]").literalAddress()).contains(InetAddress.getByName("10.0.0.1"));
        assertThat(host("example.com").literalAddress()).isEmpty();
        assertThat(host("example.com").isLiteral()).isFalse();
    }

    @ParameterizedTest(name = "new CanonicalHost({0}, {1}) is refused")
    @CsvSource({
        "Example.com, DNS",
        "example.com., DNS",
        "a_b.com, DNS",
        "127.0.0.1, DNS",
        "127.1, IPV4",
        "0x7f.0.0.1, IPV4",
        "example.com, IPV4",
        "'0:0:0:0:0:0:0:1', IPV6",
        "'[::1]', IPV6",
        "'2001:DB8::1', IPV6"
    })
    void constructorRefusesNonCanonicalText(String name, Kind kind) {
        assertThatThrownBy(() -> new CanonicalHost(name, kind)).isInstanceOf(IllegalArgumentException.class);
    }

    static CanonicalHost host(String text) {
        return switch (CanonicalHost.parse(text)) {
            case ParseResult.Ok<CanonicalHost> ok -> ok.value();
            case ParseResult.Invalid<CanonicalHost> bad -> throw new AssertionError(text + ": " + bad.reason());
        };
    }
}
