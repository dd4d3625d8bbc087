package dev.lap.console.health;

import dev.lap.console.config.Policies;
import dev.lap.sandbox.session.SessionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code /healthz}: the process answers. {@code /readyz}: it can do its job, the database answers
 * and a policy bundle is loaded; 503 with what is missing otherwise. Neither needs a token.
 */
@RestController
class HealthApi {
    private final SessionStore store;
    private final Policies policies;

    HealthApi(SessionStore store, Policies policies) {
        this.store = store;
        this.policies = policies;
    }

    @GetMapping("/healthz")
    Map<String, String> live() {
        return Map.of("status", "ok");
    }

    @GetMapping("/readyz")
    Mono<ResponseEntity<Map<String, Object>>> ready() {
        return Mono.fromCallable(() -> {
                    Map<String, Object> checks = new LinkedHashMap<>();
                    boolean db = store.reachable();
                    checks.put("database", db ? "ok" : "unreachable");
                    var policy = policies.current();
                    checks.put("policies", policy == null ? "not loaded: " + policies.problem() : "ok");
                    if (policy != null) {
                        checks.put("policy_revision", policy.revision());
                    }
                    boolean ready = db && policy != null;
                    checks.put("status", ready ? "ready" : "not ready");
                    return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                            .body(checks);
                })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
