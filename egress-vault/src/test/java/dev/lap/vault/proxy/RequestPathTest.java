package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

class RequestPathTest {
    private static String normalised(String raw) {
        var outcome = RequestPath.normalize(raw);
        assertThat(outcome).as(raw).isInstanceOf(RequestPath.Outcome.Ok.class);
        return ((RequestPath.Outcome.Ok) outcome).path();
    }

    private static String refusal(String raw) {
        var outcome = RequestPath.normalize(raw);
        assertThat(outcome).as(raw).isInstanceOf(RequestPath.Outcome.Invalid.class);
        return ((RequestPath.Outcome.Invalid) outcome).reason();
    }

    @Test
    void dotSegmentsAreRemovedAsRfc3986Says() {
        assertThat(normalised("/a/b/c/./../../g")).isEqualTo("/a/g");
        assertThat(normalised("/a/./b/")).isEqualTo("/a/b/");
        assertThat(normalised("/a/b/..")).isEqualTo("/a/");
        assertThat(normalised("/a/b/.")).isEqualTo("/a/b/");
        assertThat(normalised("/../../etc/passwd")).isEqualTo("/etc/passwd");
        assertThat(normalised("/a//b/../c")).isEqualTo("/a//c");
        assertThat(normalised("/")).isEqualTo("/");
        assertThat(normalised("/..")).isEqualTo("/");
        assertThat(normalised("/a/...b/..c/"))
                .as("names that start with dots stay")
                .isEqualTo("/a/...b/..c/");
    }

    @Test
    void encodedDotsCannotHideADotSegment() {
        // A policy reading "/repos/acme/public/" must not pass what the upstream reads as "/admin".
        assertThat(normalised("/repos/acme/public/%2e%2E/%2E%2e/%2e%2e/admin")).isEqualTo("/admin");
        assertThat(normalised("/a/.%2E/b")).isEqualTo("/b");
        assertThat(normalised("/a/%2e/b")).isEqualTo("/a/b");
    }

    @Test
    void unreservedCharactersAreDecodedAndOtherEscapesGetUpperCaseHex() {
        assertThat(normalised("/%7Euser/%41%62%63-%5f%2D")).isEqualTo("/~user/Abc-_-");
        assertThat(normalised("/a%20b/%c3%a9/%3f%23%25")).isEqualTo("/a%20b/%C3%A9/%3F%23%25");
        assertThat(normalised("/q%3Dx%26y"))
                .as("reserved characters stay encoded")
                .isEqualTo("/q%3Dx%26y");
    }

    @Test
    void charactersAPathMayNotHoldRawArePercentEncoded() {
        assertThat(normalised("/a|b/{x}/\"q\"/<t>/^/`/[i]"))
                .isEqualTo("/a%7Cb/%7Bx%7D/%22q%22/%3Ct%3E/%5E/%60/%5Bi%5D");
        assertThat(normalised("/caf\u00e9")).as("a byte above 127").isEqualTo("/caf%E9");
        assertThat(normalised("/a:b@c/!$&'()*+,;=")).isEqualTo("/a:b@c/!$&'()*+,;=");
    }

    @Test
    void malformedEscapesAndControlCharactersAreRefused() {
        assertThat(refusal("/a%2")).contains("two hex digits");
        assertThat(refusal("/a%zz")).contains("two hex digits");
        assertThat(refusal("/a%")).contains("two hex digits");
        assertThat(refusal("/a\u0000b")).contains("control character");
        assertThat(refusal("/a\tb")).contains("control character");
        assertThat(refusal("relative")).contains("start with '/'");
    }

    @Test
    void dotSegmentsWithParametersAreRefused() {
        // Tomcat and Jetty read /..;/ as /../: the policy would see a name, the server a step up.
        assertThat(refusal("/public/..;/admin")).contains("'..;'");
        assertThat(refusal("/public/%2e%2e;x=1/admin")).contains("'..;'");
        assertThat(refusal("/a/.;/b")).contains("'.;'");
        assertThat(normalised("/a;v=1/b")).isEqualTo("/a;v=1/b");
    }

    @Test
    void encodedSlashesAndBackslashesAreKeptAndFlagged() {
        String encoded = normalised("/@types%2fnode");
        assertThat(encoded).isEqualTo("/@types%2Fnode");
        assertThat(RequestPath.hasEncodedSlash(encoded)).isTrue();
        assertThat(RequestPath.hasEncodedSlash(normalised("/a%5cb"))).isTrue();
        assertThat(RequestPath.hasEncodedSlash(normalised("/a\\..\\admin"))).isTrue();
        assertThat(RequestPath.hasEncodedSlash(normalised("/a/b%20c"))).isFalse();
        assertThat(normalised("/a/%2F../b"))
                .as("an encoded slash is not a segment boundary here; the flag makes the decision say so")
                .isEqualTo("/a/%2F../b");
    }

    @Test
    void theAsteriskFormStays() {
        assertThat(normalised("*")).isEqualTo("*");
    }

    @Test
    void normalisingTwiceChangesNothing() {
        for (String raw : new String[] {"/a/%2e%2e/b%2f%7e/%c3%A9/./x/..", "/a|b/%41/", "/x/..//y/."}) {
            String once = normalised(raw);
            assertThat(normalised(once)).as(raw).isEqualTo(once);
        }
    }

    @Test
    void methodOverrideHeadersAreReadInUpperCase() {
        HttpHeaders h = new DefaultHttpHeaders().add("X-HTTP-Method-Override", "delete");
        assertThat(MethodOverride.of(h)).isEqualTo("DELETE");
        assertThat(MethodOverride.of(new DefaultHttpHeaders())).isEmpty();
        assertThat(MethodOverride.ambiguous(h)).isFalse();

        h.add("X-Method-Override", "DELETE").add("x-http-method", "Delete");
        assertThat(MethodOverride.of(h)).isEqualTo("DELETE");
        assertThat(MethodOverride.ambiguous(h)).as("the same method three ways").isFalse();
    }

    @Test
    void methodOverrideHeadersThatDisagreeAreAmbiguous() {
        assertThat(MethodOverride.ambiguous(new DefaultHttpHeaders()
                        .add("X-HTTP-Method-Override", "GET")
                        .add("X-HTTP-Method", "DELETE")))
                .isTrue();
        assertThat(MethodOverride.ambiguous(new DefaultHttpHeaders().add("X-Method-Override", "GET, DELETE")))
                .isTrue();
    }
}
