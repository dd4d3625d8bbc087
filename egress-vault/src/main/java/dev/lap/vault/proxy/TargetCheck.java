package dev.lap.vault.proxy;

import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.HostAndPort;
import dev.lap.vault.host.ParseResult;
import dev.lap.vault.tls.LeafCertificates;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Where a request goes, and whether everything that names the destination agrees: the CONNECT
 * target, the TLS server name and the {@code Host} header inside a tunnel; the URL and {@code Host}
 * of an absolute-form {@code http://} request. Disagreement is how a client steers a vault's
 * decision toward one host while talking to another, so it is refused (421), never resolved.
 */
final class TargetCheck {
    /**
     * A request target never carries a fragment (RFC 9112 §3.2); one that does would show the
     * policy one path and many upstreams another.
     */
    private static final Refusal FRAGMENT = Refusal.badRequest("a request target must not contain '#'");

    private TargetCheck() {}

    /** The request's target, or the refusal that answers it. */
    sealed interface Outcome {
        record Ok(Target target) implements Outcome {}

        record Refused(Refusal refusal) implements Outcome {}
    }

    /** A request inside a tunnel opened by {@code CONNECT host:port}, with the client's SNI. */
    static Outcome inTunnel(HttpRequest request, CanonicalHost host, int port, @Nullable String sni) {
        if (request.uri().indexOf('#') >= 0) {
            return refused(FRAGMENT);
        }
        boolean asterisk =
                request.method().equals(HttpMethod.OPTIONS) && request.uri().equals("*");
        if (!request.uri().startsWith("/") && !asterisk) {
            return refused(Refusal.badRequest("a request inside a tunnel must be in origin form"));
        }
        if (!LeafCertificates.sniMatches(sni, host)) {
            return refused(Refusal.misdirected(
                    "the TLS server name '" + sni + "' does not match the CONNECT target '" + host.name() + "'"));
        }
        return hostHeader(request, new Target("https", host, port));
    }

    /** A request outside a tunnel: it must be an absolute-form {@code http://} URL. */
    static Outcome absolute(HttpRequest request) {
        if (request.uri().indexOf('#') >= 0) {
            return refused(FRAGMENT);
        }
        URI uri;
        try {
            uri = new URI(request.uri());
        } catch (URISyntaxException e) {
            return refused(Refusal.badRequest(
                    "the request target is not a URI: " + e.getReason() + " at index " + e.getIndex()));
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getRawAuthority() == null) {
            return refused(Refusal.badRequest(
                    "https".equalsIgnoreCase(uri.getScheme())
                            ? "https:// requests must use CONNECT"
                            : "the vault is a proxy: send CONNECT host:port or an absolute http:// URL"));
        }
        if (uri.getRawUserInfo() != null) {
            return refused(Refusal.badRequest("user information in the URL is not accepted"));
        }
        return switch (HostAndPort.parse(uri.getRawAuthority(), 80)) {
            case ParseResult.Invalid<HostAndPort> bad ->
                refused(Refusal.badRequest("bad host in the request target: " + bad.reason()));
            case ParseResult.Ok<HostAndPort> ok ->
                hostHeader(
                        request,
                        new Target("http", ok.value().host(), ok.value().port()));
        };
    }

    private static Outcome hostHeader(HttpRequest request, Target target) {
        var values = request.headers().getAll(HttpHeaderNames.HOST);
        if (values.size() != 1) {
            return refused(Refusal.badRequest("exactly one Host header is required"));
        }
        if (!(HostAndPort.parse(values.get(0), target.defaultPort()) instanceof ParseResult.Ok<HostAndPort> ok)
                || !ok.value().host().equals(target.host())
                || ok.value().port() != target.port()) {
            return refused(Refusal.misdirected("the Host header '" + values.get(0) + "' does not match the target '"
                    + target.host().uriHost() + ":" + target.port() + "'"));
        }
        return new Outcome.Ok(target);
    }

    private static Outcome refused(Refusal refusal) {
        return new Outcome.Refused(refusal);
    }
}
