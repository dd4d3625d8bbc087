package dev.lap.console.terminal;

import dev.lap.console.api.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a terminal WebSocket upgrade through only with a valid attach token for that session,
 * taking the token (it is single-use); {@link TtyHandler} then claims the grant it redeemed. A
 * refusal is a 401 problem before any upgrade.
 */
final class AttachGate implements WebFilter {
    private static final String PREFIX = "/api/v1/sessions/";
    private static final String SUFFIX = "/tty";

    private final AttachTokens tokens;
    private final JsonMapper json;

    AttachGate(AttachTokens tokens, JsonMapper json) {
        this.tokens = tokens;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        if (!path.startsWith(PREFIX) || !path.endsWith(SUFFIX) || path.length() <= PREFIX.length() + SUFFIX.length()) {
            return chain.filter(exchange);
        }
        String sessionId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        String token = exchange.getRequest().getQueryParams().getFirst("token");
        if (token == null || token.isEmpty()) {
            return refuse(
                    exchange,
                    "the terminal needs ?token=…, an attach token from POST " + PREFIX + sessionId + "/attach");
        }
        return switch (tokens.redeem(token, sessionId)) {
            case AttachTokens.Redeemed.Accepted a -> chain.filter(exchange);
            case AttachTokens.Redeemed.Refused r ->
                refuse(
                        exchange,
                        switch (r.refusal()) {
                            case UNKNOWN_OR_USED ->
                                "the attach token is unknown or was already used; attach tokens open one"
                                        + " terminal once: get a new one from POST " + PREFIX + sessionId + "/attach";
                            case EXPIRED ->
                                "the attach token expired; get a new one from POST " + PREFIX + sessionId
                                        + "/attach and connect within its lifetime";
                            case OTHER_SESSION ->
                                "the attach token was issued for another session; get one for this"
                                        + " session from POST " + PREFIX + sessionId + "/attach";
                        });
        };
    }

    private Mono<Void> refuse(ServerWebExchange exchange, String detail) {
        return Problems.write(
                exchange,
                Problems.of(HttpStatus.UNAUTHORIZED, "attach-token-refused", "Attach token refused", detail),
                json);
    }
}
