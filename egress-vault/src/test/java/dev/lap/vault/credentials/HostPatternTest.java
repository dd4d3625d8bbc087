package dev.lap.vault.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.ParseResult;
import org.junit.jupiter.api.Test;

class HostPatternTest {
    @Test
    void aWildcardMatchesExactlyOneMoreLabel() {
        HostPattern p = HostPattern.parse("*.corp.example.com");
        assertThat(p.matches("git.corp.example.com")).isTrue();
        assertThat(p.matches("corp.example.com")).isFalse();
        assertThat(p.matches("a.b.corp.example.com")).isFalse();
        assertThat(p.matches("evilcorp.example.com")).isFalse();
        assertThat(p.matches("git.corp.example.com.evil.io")).isFalse();
        assertThat(p.matches(".corp.example.com")).isFalse();
    }

    @Test
    void anExactNameMatchesOnlyItsCanonicalForm() {
        HostPattern p = HostPattern.parse("API.GitHub.com.");
        assertThat(p.toString()).isEqualTo("api.github.com");
        assertThat(p.matches("api.github.com")).isTrue();
        assertThat(p.matches("api.github.com:443")).isFalse();
        assertThat(p.matches("x.api.github.com")).isFalse();
    }

    @Test
    void internationalNamesAreComparedAsPunycode() {
        assertThat(HostPattern.parse("*.bücher.example").toString()).isEqualTo("*.xn--bcher-kva.example");
        assertThat(HostPattern.parse("*.bücher.example").matches("shop.xn--bcher-kva.example"))
                .isTrue();
    }

    @Test
    void aBindingIsReadByTheSameCanonicaliserAsTheRequestHost() {
        // An IPv4 address written another way is the address the proxy computes for the request.
        HostPattern odd = HostPattern.parse("0x7f.1");
        assertThat(odd.toString()).isEqualTo("127.0.0.1");
        assertThat(odd.matches(canonical("2130706433"))).isTrue();
        // Whatever the request side accepts, the binding side reads to the same name.
        for (String spelling : new String[] {"API.github.COM.", "api.github.com"}) {
            assertThat(HostPattern.parse(spelling).matches(canonical(spelling)))
                    .as(spelling)
                    .isTrue();
        }
    }

    @Test
    void namesTheRequestSideRefusesAreRefusedAsBindingsToo() {
        // IDNA deviation characters: IDNA2003 maps ß to ss, browsers (IDNA2008) keep it, so a
        // binding could name a different host than the one a client reaches.
        for (String refused :
                new String[] {"straße.example", "*.straße.example", "a\u200Db.example", "bad_label.com"}) {
            assertThat(CanonicalHost.parse(refused)).as(refused).isInstanceOf(ParseResult.Invalid.class);
            assertThatThrownBy(() -> HostPattern.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a valid host name");
        }
    }

    @Test
    void wildcardsOnThePublicSuffixListAreRefused() {
        for (String refused : new String[] {
            "*.com",
            "*.io",
            "*.corp", // one label: the list's default rule
            "*.co.uk",
            "*.com.au",
            "*.foo.ck", // under the wildcard rule *.ck
            "*.github.io",
            "*.githubusercontent.com", // GitHub lists it: each of its hosts is a site of its own
            "*.herokuapp.com",
            "*.s3.amazonaws.com",
            "*.us-east-1.compute.amazonaws.com",
            "*.pages.dev",
            "*.k12.ma.us"
        }) {
            assertThatThrownBy(() -> HostPattern.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is a wildcard on a public suffix");
        }
    }

    @Test
    void wildcardsBelowARegistrableNameAreAccepted() {
        for (String accepted :
                new String[] {"*.example.com", "*.example.co.uk", "*.user.github.io", "*.amazonaws.com", "*.www.ck"}) {
            assertThat(HostPattern.parse(accepted).toString()).as(accepted).isEqualTo(accepted);
        }
    }

    @Test
    void badShapesAreRefused() {
        for (String refused : new String[] {
            "*",
            "a*.example.com",
            "*.*.example.com",
            "https://api.github.com",
            "api.github.com/x",
            "[::1]",
            "api.github.com:443",
            "*.10.0.0.1",
            "a..b",
        }) {
            assertThatThrownBy(() -> HostPattern.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static String canonical(String host) {
        return ((ParseResult.Ok<CanonicalHost>) CanonicalHost.parse(host))
                .value()
                .name();
    }
}
