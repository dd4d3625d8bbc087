package dev.lap.vault.capture;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CookieHeaderTest {
    @Test
    void theCookieIsTheNameValuePairBeforeTheFirstSemicolon() {
        String header = "sid=abc123; Path=/; Secure; HttpOnly; SameSite=Lax";
        CookieHeader c = CookieHeader.parse(header);
        assertThat(c).isNotNull();
        assertThat(c.name()).isEqualTo("sid");
        assertThat(c.value()).isEqualTo("abc123");
        assertThat(c.withValue(header, "XYZ789")).isEqualTo("sid=XYZ789; Path=/; Secure; HttpOnly; SameSite=Lax");
    }

    @Test
    void whiteSpaceIsTrimmedAndQuotesStayOnTheWire() {
        String header = " sid = \"abc123\" ;Path=/";
        CookieHeader c = CookieHeader.parse(header);
        assertThat(c.name()).isEqualTo("sid");
        assertThat(c.value()).isEqualTo("abc123");
        assertThat(c.withValue(header, "XYZ789")).isEqualTo(" sid = \"XYZ789\" ;Path=/");
    }

    @Test
    void anEqualsSignInTheValueBelongsToTheValue() {
        CookieHeader c = CookieHeader.parse("token=a=b==; Path=/");
        assertThat(c.name()).isEqualTo("token");
        assertThat(c.value()).isEqualTo("a=b==");
    }

    @Test
    void aHeaderWithoutAPairSetsNoCookie() {
        assertThat(CookieHeader.parse("sid")).isNull();
        assertThat(CookieHeader.parse("sid; Path=/a=b")).isNull();
        assertThat(CookieHeader.parse("sid=; Max-Age=0").value()).isEmpty();
    }

    @Test
    void namesAreHttpTokensAndTheValueNeverPrints() {
        assertThat(CookieHeader.isToken("__Host-sid")).isTrue();
        assertThat(CookieHeader.isToken("a b")).isFalse();
        assertThat(CookieHeader.isToken("a;b")).isFalse();
        assertThat(CookieHeader.isToken("")).isFalse();
        assertThat(CookieHeader.parse("sid=topsecret").toString()).doesNotContain("topsecret");
    }
}
