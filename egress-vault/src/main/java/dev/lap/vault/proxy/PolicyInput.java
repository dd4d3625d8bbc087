package dev.lap.vault.proxy;

import dev.lap.vault.credentials.Credentials;
import dev.lap.vault.credentials.FoundStub;
import dev.lap.vault.policy.EgressInput;
import io.netty.handler.codec.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The policy's view of a request: canonical destination, the normalised path ({@link RequestPath},
 * the one the vault forwards), the raw query, a method override and whether a body is announced, and headers with
 * lower-case names, repeated headers joined with {@code ", "} (RFC 9110 §5.3). Every stub appears
 * as {@code <stub:ID>} and any real value as {@code <secret:ID>}, in the path and query too, so no
 * secret can reach the policy, its traces or its errors.
 */
final class PolicyInput {
    private PolicyInput() {}

    static EgressInput of(
            ProxyContext px,
            Target target,
            @Nullable String sni,
            HttpRequest request,
            List<FoundStub> found,
            String upgrade) {
        Credentials c = px.credentials();
        String query = c.redactQuery(RequestTarget.rawQuery(request.uri()));
        return new EgressInput(
                px.session(),
                new EgressInput.Request(
                        target.scheme(),
                        target.host().name(),
                        target.port(),
                        request.method().name(),
                        c.redact(RequestTarget.path(request.uri())),
                        query == null ? "" : query,
                        headers(c.redactHeaders(request.headers())),
                        sni,
                        request.protocolVersion() == Http2RequestDecoder.HTTP_2
                                ? "HTTP/2"
                                : request.protocolVersion().text(),
                        MethodOverride.of(request.headers()),
                        RequestBody.announced(request),
                        upgrade),
                found.stream()
                        .map(f -> new EgressInput.FoundCredential(
                                f.credentialId(), f.env(), f.placement().wireName(), f.captured()))
                        .toList());
    }

    static Map<String, String> headers(List<Map.Entry<String, String>> redacted) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : redacted) {
            out.merge(e.getKey().toLowerCase(Locale.ROOT), e.getValue(), (a, b) -> a + ", " + b);
        }
        return out;
    }
}
