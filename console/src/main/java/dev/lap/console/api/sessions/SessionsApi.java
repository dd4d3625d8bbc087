package dev.lap.console.api.sessions;

import dev.lap.console.api.Problems;
import dev.lap.console.auth.BearerAuth;
import dev.lap.console.terminal.AttachTokens;
import dev.lap.sandbox.session.Agents;
import dev.lap.sandbox.session.Created;
import dev.lap.sandbox.session.NewSession;
import dev.lap.sandbox.session.Session;
import dev.lap.sandbox.session.Sessions;
import dev.lap.sandbox.session.Ttl;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** {@code /api/v1/sessions}: create, list, read, stop, history, attach. */
@RestController
@RequestMapping("/api/v1/sessions")
class SessionsApi {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final Sessions sessions;
    private final AttachTokens attachTokens;

    SessionsApi(Sessions sessions, AttachTokens attachTokens) {
        this.sessions = sessions;
        this.attachTokens = attachTokens;
    }

    @PostMapping
    Mono<ResponseEntity<Object>> create(
            @RequestBody(required = false) @Nullable CreateSessionJson body,
            @RequestAttribute(BearerAuth.CALLER) String caller) {
        NewSession request = validate(body, caller);
        return blocking(() -> sessions.create(request)).map(created -> switch (created) {
            case Created.Started s ->
                ResponseEntity.created(
                                URI.create("/api/v1/sessions/" + s.session().id()))
                        .body(SessionJson.of(s.session()));
            case Created.Refused r -> {
                ProblemDetail p = Problems.of(
                        HttpStatus.FORBIDDEN,
                        "session-refused",
                        "Session refused by policy",
                        r.reason() + " (policy rule " + r.rule()
                                + "; change the request, or ask the security team to change policies/sandbox.rego)");
                p.setProperty("session_id", r.session().id());
                p.setProperty("rule", r.rule());
                yield ResponseEntity.status(HttpStatus.FORBIDDEN).body(p);
            }
            case Created.NotStarted n -> {
                ProblemDetail p = Problems.of(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "session-not-started",
                        "Session did not start",
                        "session " + n.session().id() + " is "
                                + n.session().state().wireName() + ": "
                                + n.session().reason() + "; its history is at /api/v1/sessions/"
                                + n.session().id() + "/events");
                p.setProperty("session_id", n.session().id());
                yield ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(p);
            }
        });
    }

    @GetMapping
    Mono<SessionJson.SessionList> list() {
        return blocking(() -> new SessionJson.SessionList(
                sessions.list().stream().map(SessionJson::of).toList()));
    }

    @GetMapping("/{id}")
    Mono<SessionJson> get(@PathVariable String id) {
        return blocking(() -> SessionJson.of(found(id)));
    }

    @DeleteMapping("/{id}")
    Mono<SessionJson> delete(@PathVariable String id, @RequestAttribute(BearerAuth.CALLER) String caller) {
        return blocking(
                () -> SessionJson.of(sessions.stop(id, "deleted by " + caller).orElseThrow(() -> notFound(id))));
    }

    @GetMapping("/{id}/events")
    Mono<SessionJson.Events> events(@PathVariable String id) {
        return blocking(() -> {
            found(id);
            return new SessionJson.Events(
                    id, sessions.events(id).stream().map(SessionJson.Event::of).toList());
        });
    }

    record AttachJson(String token, Instant expiresAt, String url) {}

    @PostMapping("/{id}/attach")
    Mono<ResponseEntity<AttachJson>> attach(
            @PathVariable String id, @RequestAttribute(BearerAuth.CALLER) String caller) {
        return blocking(() -> {
            Session s = found(id);
            if (!s.state().isRunning()) {
                throw Problems.error(
                        HttpStatus.CONFLICT,
                        "session-not-running",
                        "Session not running",
                        "session " + id + " is " + s.state().wireName() + " (" + s.reason()
                                + "); only a ready or attached session has a terminal; create a new session");
            }
            AttachTokens.Issued issued = attachTokens.issue(id, caller);
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new AttachJson(
                            issued.token(),
                            issued.grant().expiresAt(),
                            "/api/v1/sessions/" + id + "/tty?token=" + issued.token()));
        });
    }

    private Session found(String id) {
        return sessions.find(id).orElseThrow(() -> notFound(id));
    }

    private static ErrorResponseException notFound(String id) {
        return Problems.error(
                HttpStatus.NOT_FOUND,
                "session-not-found",
                "No such session",
                "there is no session " + id + "; GET /api/v1/sessions lists them");
    }

    private NewSession validate(@Nullable CreateSessionJson body, String caller) {
        if (body == null) {
            throw bad("the request has no body; send {\"agent\": \"shell\"} (and optionally name, repo, ttl)");
        }
        Agents agents = sessions.agents();
        String known = agents.all().stream().map(Agents.Entry::name).collect(Collectors.joining(", "));
        if (body.agent() == null || body.agent().isBlank()) {
            throw bad("\"agent\" is missing; name one of: " + known);
        }
        if (!agents.lists(body.agent())) {
            throw bad("agent \"" + body.agent() + "\" is not in the catalog; name one of: " + known
                    + " (GET /api/v1/agents)");
        }
        String name = body.name() == null || body.name().isBlank() ? body.agent() : body.name();
        if (!NAME.matcher(name).matches()) {
            throw bad("\"name\" must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Duration ttl = Duration.ZERO;
        if (body.ttl() != null) {
            try {
                ttl = Ttl.parse(body.ttl());
            } catch (IllegalArgumentException e) {
                throw bad("\"ttl\": " + e.getMessage());
            }
            if (ttl.isZero()) {
                throw bad("\"ttl\" must be longer than 0s; leave it out for the policy's default");
            }
        }
        String repo = body.repo() == null ? "" : body.repo().strip();
        if (!repo.isEmpty() && !(repo.startsWith("https://") && URI.create(repo).getHost() != null)) {
            throw bad("\"repo\" must be an https:// URL of a git repository, e.g. https://github.com/acme/app.git");
        }
        long memory = body.memoryBytes() == null ? 0 : body.memoryBytes();
        int processes = body.maxProcesses() == null ? 0 : body.maxProcesses();
        if (memory < 0 || processes < 0) {
            throw bad("\"memory_bytes\" and \"max_processes\" must be 0 (the policy's default) or more");
        }
        return new NewSession(body.agent(), name, repo, ttl, memory, processes, caller);
    }

    private static ErrorResponseException bad(String detail) {
        return Problems.error(HttpStatus.BAD_REQUEST, "invalid-session-request", "Invalid session request", detail);
    }

    /** Sessions block (the database, the runtime): their calls run on the bounded elastic pool. */
    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
