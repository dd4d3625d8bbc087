package dev.lap.vault.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HostPatternTest {
    @Test
    void aWildcardMatchesExactlyOneMoreLabel() {
        HostPattern p = HostPattern.parse("*.githubusercontent.com");
        assertThat(p.matches("raw.githubusercontent.com")).isTrue();
        assertThat(p.matches("githubusercontent.com")).isFalse();
        assertThat(p.matches("a.b.githubusercontent.com")).isFalse();
        assertThat(p.matches("evilgithubusercontent.com")).isFalse();
        assertThat(p.matches("raw.githubusercontent.com.evil.io")).isFalse();
    }

    @Test
    void anExactNameMatchesOnlyItselfInCanonicalForm() {
        HostPattern p = HostPattern.parse("API.GitHub.com.");
        assertThat(p.toString()).isEqualTo("api.github.com");
        assertThat(p.matches("api.github.com")).isTrue();
        assertThat(p.matches("API.GITHUB.COM")).isTrue();
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
    void wildcardsOnPublicSuffixesAndBadShapesAreRefused() {
        for (String refused : new String[] {
            "*",
            "*.com",
            "*.io",
            "*.co.uk",
            "*.com.au",
            "*.github.io",
            "a*.example.com",
            "*.*.example.com",
            "https://api.github.com",
            "api.github.com/x",
            "[::1]",
            "*.10.0.0.1",
            "a..b",
            "bad_label.com"
        }) {
            assertThatThrownBy(() -> HostPattern.parse(refused))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
