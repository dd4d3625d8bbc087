package dev.lap.vault.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The input document of {@code data.lap.egress.decision} for one request, as the design's policy
 * contract describes it. Header values arrive already redacted: a stub appears as {@code
 * <stub:ID>}, a real secret as {@code <secret:ID>}, so no secret value can enter the policy.
 */
public record EgressInput(Session session, Request request, List<FoundCredential> credentials) {
    public EgressInput {
        credentials = List.copyOf(credentials);
    }

    /** Who the sandbox belongs to; fields are empty strings when the vault runs standalone. */
    public record Session(String id, String user, String agent, String repo, Map<String, String> labels) {
        public Session {
            labels = Map.copyOf(labels);
        }

        public static final Session NONE = new Session("", "", "", "", Map.of());
    }

    /**
     * The request as the policy sees it: canonical host, the normalised path the vault forwards, the
     * raw query, redacted headers.
     *
     * @param methodOverride the method an {@code X-HTTP-Method-Override}, {@code X-HTTP-Method} or
     *     {@code X-Method-Override} header asks for, upper case; "" when there is none
     * @param hasBody whether the request announces a body ({@code Content-Length} above 0 or
     *     {@code Transfer-Encoding}), whatever its method
     * @param upgrade {@code "websocket"} for a WebSocket opening handshake, "" for a plain request
     *     (the vault refuses every other upgrade before asking)
     */
    public record Request(
            String scheme,
            String host,
            int port,
            String method,
            String path,
            String query,
            Map<String, String> headers,
            @Nullable String sni,
            String httpVersion,
            String methodOverride,
            boolean hasBody,
            String upgrade) {
        public Request {
            headers = Map.copyOf(headers);
        }
    }

    /**
     * A stub found in the request: which credential, the sandbox variable, and where it was. A
     * captured credential (a value the vault took from an earlier response, under the decision's
     * {@code capture} id) has no variable ({@code env} is "") and {@code captured} true.
     */
    public record FoundCredential(String id, String env, String placement, boolean captured) {
        public FoundCredential(String id, String env, String placement) {
            this(id, env, placement, false);
        }
    }

    /** The plain Java form the engine converts to a Rego value. */
    Map<String, Object> toDocument() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("id", session.id());
        s.put("user", session.user());
        s.put("agent", session.agent());
        s.put("repo", session.repo());
        s.put("labels", session.labels());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("scheme", request.scheme());
        r.put("host", request.host());
        r.put("port", request.port());
        r.put("method", request.method());
        r.put("path", request.path());
        r.put("query", request.query());
        r.put("headers", request.headers());
        r.put("sni", request.sni());
        r.put("http_version", request.httpVersion());
        r.put("method_override", request.methodOverride());
        r.put("has_body", request.hasBody());
        r.put("upgrade", request.upgrade());
        List<Map<String, Object>> c = credentials.stream()
                .map(f -> Map.<String, Object>of(
                        "id", f.id(), "env", f.env(), "placement", f.placement(), "captured", f.captured()))
                .toList();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("session", s);
        doc.put("request", r);
        doc.put("credentials", c);
        return doc;
    }
}
