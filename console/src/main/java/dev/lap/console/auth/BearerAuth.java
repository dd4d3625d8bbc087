package dev.lap.console.auth;

import dev.lap.console.api.Problems;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code /api/v1} request must carry {@code Authorization: Bearer <token>} with a token of
 * ours; anything else is a 401 problem. The one exception is the terminal's WebSocket, which a
 * browser cannot give a header: it proves itself with a single-use attach token instead.
 */
public final class BearerAuth implements WebFilter {
    /** The exchange attribute holding the authenticated caller's name. */
    public static final String CALLER = "lap.caller";

    private final ApiTokens tokens;
    private final JsonMapper json;

    public BearerAuth(ApiTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!(path.equals("/api/v1") || path.startsWith("/api/v1/")) || isTerminal(path)) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return refuse(
                    exchange,
                    "the request has no Authorization header; send 'Authorization: Bearer <token>'"
                            + " with the admin token from the file lap-server named at start (<state-dir>/admin-token)");
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(
                    exchange, "the Authorization header is not a Bearer token; send 'Authorization: Bearer <token>'");
        }
        Optional<String> caller = tokens.owner(header.substring(7).strip());
        if (caller.isEmpty()) {
            return refuse(
                    exchange,
                    "the bearer token is not valid; use the admin token from <state-dir>/admin-token"
                            + " (restart lap-server with LAP_RESET_ADMIN_TOKEN=true if it was lost)");
        }
        exchange.getAttributes().put(CALLER, caller.get());
        return chain.filter(exchange);
    }

    static boolean isTerminal(String path) {
        return path.startsWith("/api/v1/sessions/") && path.endsWith("/tty");
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        ProblemDetail p = Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail);
        return Problems.write(exchange, p, json);
    }
}
