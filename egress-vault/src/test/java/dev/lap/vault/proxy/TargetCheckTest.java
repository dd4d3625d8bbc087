package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.ParseResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class TargetCheckTest {
    private static final CanonicalHost GITHUB = host("api.github.com");

    private static CanonicalHost host(String name) {
        return ((ParseResult.Ok<CanonicalHost>) CanonicalHost.parse(name)).value();
    }

    private static HttpRequest request(String uri, String... hosts) {
        var r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        for (String h : hosts) {
            r.headers().add("Host", h);
        }
        return r;
    }

    private static int status(TargetCheck.Outcome o) {
        return o instanceof TargetCheck.Outcome.Refused r ? r.refusal().status().code() : 200;
    }

    @Test
    void aTunnelRequestWhoseHostAndSniNameTheConnectTargetGoesThere() {
        var o = TargetCheck.inTunnel(request("/user", "API.GitHub.com."), GITHUB, 443, "api.github.com");
        assertThat(o).isEqualTo(new TargetCheck.Outcome.Ok(new Target("https", GITHUB, 443)));
    }

    @Test
    void aHostHeaderNamingAnotherHostOrPortIsMisdirected() {
        assertThat(status(TargetCheck.inTunnel(request("/", "evil.example"), GITHUB, 443, null)))
                .isEqualTo(421);
        assertThat(status(TargetCheck.inTunnel(request("/", "api.github.com:8443"), GITHUB, 443, null)))
                .isEqualTo(421);
    }

    @Test
    void anSniNamingAnotherHostIsMisdirected() {
        assertThat(status(TargetCheck.inTunnel(request("/", "api.github.com"), GITHUB, 443, "evil.example")))
                .isEqualTo(421);
    }

    @Test
    void missingOrRepeatedHostHeadersAreBadRequests() {
        assertThat(status(TargetCheck.inTunnel(request("/"), GITHUB, 443, null)))
                .isEqualTo(400);
        assertThat(status(TargetCheck.inTunnel(request("/", "api.github.com", "api.github.com"), GITHUB, 443, null)))
                .isEqualTo(400);
    }

    @Test
    void anAbsoluteFormRequestInsideATunnelIsRefused() {
        assertThat(status(TargetCheck.inTunnel(request("http://evil.example/", "api.github.com"), GITHUB, 443, null)))
                .isEqualTo(400);
    }

    @Test
    void anAbsoluteHttpUrlOutsideATunnelIsCanonicalisedAndCheckedAgainstHost() {
        var o = TargetCheck.absolute(request("http://Registry.NPMJS.org/left-pad", "registry.npmjs.org"));
        assertThat(o).isEqualTo(new TargetCheck.Outcome.Ok(new Target("http", host("registry.npmjs.org"), 80)));
        assertThat(status(TargetCheck.absolute(request("http://registry.npmjs.org/", "evil.example"))))
                .isEqualTo(421);
    }

    @Test
    void httpsInAbsoluteFormOriginFormOutsideATunnelAndUserInfoAreRefused() {
        assertThat(status(TargetCheck.absolute(request("https://api.github.com/", "api.github.com"))))
                .isEqualTo(400);
        assertThat(status(TargetCheck.absolute(request("/user", "api.github.com"))))
                .isEqualTo(400);
        assertThat(status(TargetCheck.absolute(request("http://u:p@api.github.com/", "api.github.com"))))
                .isEqualTo(400);
    }

    @Test
    void aFragmentInTheRequestTargetIsRefused() {
        assertThat(status(TargetCheck.inTunnel(request("/a#b?x=1", "api.github.com"), GITHUB, 443, null)))
                .isEqualTo(400);
        assertThat(status(TargetCheck.absolute(request("http://registry.npmjs.org/a#b", "registry.npmjs.org"))))
                .isEqualTo(400);
    }
}
