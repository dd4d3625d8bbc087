package dev.lap.console.api;

import java.net.URI;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's errors, as {@code application/problem+json}: a stable {@code type} per kind of
 * problem, a title, the status, and a detail that says what was wrong and what to do. A detail
 * never quotes a token, a secret or a database URL.
 */
public final class Problems {
    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(URI.create("urn:lap:problem:" + type));
        p.setTitle(title);
        return p;
    }

    /** Thrown by a handler; rendered as its problem by Spring's problem-details support. */
    public static ErrorResponseException error(HttpStatus status, String type, String title, String detail) {
        return new ErrorResponseException(status, of(status, type, title, detail), null);
    }

    /** Writes a problem as the whole response, for filters that answer before any handler runs. */
    public static Mono<Void> write(ServerWebExchange exchange, ProblemDetail problem, JsonMapper json) {
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.valueOf(problem.getStatus()));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (problem.getStatus() == HttpStatus.UNAUTHORIZED.value()) {
            response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        DataBuffer body = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(body));
    }
}
