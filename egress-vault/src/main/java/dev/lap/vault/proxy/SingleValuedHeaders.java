package dev.lap.vault.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Headers that HTTP allows once per request. A request that carries one of them twice means
 * different things to different readers (the policy joins the values, an upstream takes the first
 * or the last), so it is refused before anything is decided.
 */
final class SingleValuedHeaders {
    /**
     * RFC 9110 fields whose grammar is a single value (not a list), {@code Cookie} (RFC 6265 §5.4:
     * one header in HTTP/1.1), and the key headers of the APIs the vault injects into.
     */
    static final List<String> NAMES = List.of(
            "authorization",
            "proxy-authorization",
            "cookie",
            "content-type",
            "content-range",
            "range",
            "if-range",
            "if-modified-since",
            "if-unmodified-since",
            "max-forwards",
            "referer",
            "from",
            "user-agent",
            "date",
            "x-api-key",
            "x-http-method-override",
            "x-http-method",
            "x-method-override");

    private SingleValuedHeaders() {}

    /** The refusal for a request that repeats one of {@link #NAMES}, or null. */
    static @Nullable Refusal check(HttpHeaders headers) {
        for (String name : NAMES) {
            if (headers.getAll(name).size() > 1) {
                return Refusal.badRequest("the request carries " + name + " more than once; HTTP allows it once");
            }
        }
        return null;
    }
}
