package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.value.BooleanValue;
import org.junit.jupiter.api.Test;

class UriTest {
    @Test
    void parseReturnsOnlyThePresentComponents() throws Exception {
        assertThat(call("uri.parse", str("https://example.com:8080/api?q=1#top")))
                .isEqualTo(json("""
                        {"scheme": "https", "hostname": "example.com", "port": "8080", "path": "/api",
                         "raw_path": "/api", "raw_query": "q=1", "fragment": "top"}"""));
        assertThat(call("uri.parse", str("mailto:user@example.com"))).isEqualTo(json("{\"scheme\": \"mailto\"}"));
        assertThat(call("uri.parse", str(""))).isEqualTo(json("{}"));
    }

    @Test
    void rawPathKeepsEscapesTheDefaultEncodingWouldNotProduce() throws Exception {
        assertThat(call("uri.parse", str("https://example.com/a%2Fb"))).isEqualTo(json("""
                        {"scheme": "https", "hostname": "example.com", "path": "/a/b", "raw_path": "/a%2Fb"}"""));
        assertThat(call("uri.parse", str("https://example.com/a%21b"))).isEqualTo(json("""
                        {"scheme": "https", "hostname": "example.com", "path": "/a!b", "raw_path": "/a!b"}"""));
    }

    @Test
    void ipv6HostnameLosesItsBrackets() throws Exception {
        assertThat(call("uri.parse", str("http://[::1]:8080/"))).isEqualTo(json("""
                {"scheme": "http", "hostname": "::1", "port": "8080", "path": "/", "raw_path": "/"}"""));
    }

    @Test
    void hostMayNotEscapeAsciiBytes() {
        assertThat(failure("uri.parse", str("http://exa%6dple.com/")).getMessage())
                .isEqualTo("uri.parse: parse \"http://exa%6dple.com/\": invalid URL escape \"%6d\"");
    }

    @Test
    void portMustBeAsciiDigits() {
        assertThat(failure("uri.parse", str("http://example.com:\u0663\u0664/")).getMessage())
                .isEqualTo(
                        "uri.parse: parse \"http://example.com:\u0663\u0664/\": invalid port \":\u0663\u0664\" after host");
    }

    @Test
    void isValidRefusesTheEmptyStringAndWhatParseRefuses() throws Exception {
        assertThat(call("uri.is_valid", str("https://example.com/path?q=1"))).isEqualTo(BooleanValue.TRUE);
        assertThat(call("uri.is_valid", str(""))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("uri.is_valid", str("http://[invalid"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("uri.is_valid", str("http://user name@example.com/"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("uri.is_valid", str("http://foo]bar/"))).isEqualTo(BooleanValue.TRUE);
    }
}
