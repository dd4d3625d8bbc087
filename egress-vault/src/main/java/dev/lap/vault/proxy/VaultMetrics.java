package dev.lap.vault.proxy;

import dev.lap.audit.AuditEvent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The vault's metrics, as Prometheus names them: {@code lap_egress_requests_total{decision,rule}},
 * {@code lap_credential_swaps_total{credential}}, {@code lap_response_scrubs_total{credential}},
 * {@code lap_policy_eval_seconds}, {@code lap_proxy_request_seconds} and {@code lap_tunnels_open}.
 *
 * <p>Every label value comes from a bounded set: allow or deny, a rule name the loaded policy (or
 * the vault) defines, a configured credential id. Never a path, a host or anything a client sends.
 */
final class VaultMetrics {
    private static final AttributeKey<String> DECISION = AttributeKey.stringKey("decision");
    private static final AttributeKey<String> RULE = AttributeKey.stringKey("rule");
    private static final AttributeKey<String> CREDENTIAL = AttributeKey.stringKey("credential");
    /** Seconds, from 50 µs (a decision) to 30 s (a slow upstream). */
    private static final List<Double> BUCKETS = List.of(
            0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
            10.0, 30.0);

    private final LongCounter requests;
    private final LongCounter swaps;
    private final LongCounter scrubs;
    private final DoubleHistogram policyEval;
    private final DoubleHistogram request;

    VaultMetrics(Meter meter, IntSupplier tunnelsOpen) {
        requests = meter.counterBuilder("lap.egress.requests")
                .setDescription("Requests decided by the vault, by decision and rule")
                .build();
        swaps = meter.counterBuilder("lap.credential.swaps")
                .setDescription("Stubs replaced by their real credential in a request")
                .build();
        scrubs = meter.counterBuilder("lap.response.scrubs")
                .setDescription("Real credentials replaced by their stub in a response")
                .build();
        policyEval = meter.histogramBuilder("lap.policy.eval")
                .setUnit("s")
                .setDescription("Time to evaluate data.lap.egress.decision")
                .setExplicitBucketBoundariesAdvice(BUCKETS)
                .build();
        request = meter.histogramBuilder("lap.proxy.request")
                .setUnit("s")
                .setDescription("Time from a request's head to the end of its response")
                .setExplicitBucketBoundariesAdvice(BUCKETS)
                .build();
        meter.gaugeBuilder("lap.tunnels.open")
                .ofLongs()
                .setDescription("Client connections open to the vault")
                .buildWithCallback(m -> m.record(tunnelsOpen.getAsInt()));
    }

    void decided(long evalNanos) {
        policyEval.record(evalNanos / 1e9);
    }

    void finished(AuditEvent.Verdict verdict, String rule, long nanos) {
        requests.add(1, Attributes.of(DECISION, verdict.wireName(), RULE, label(rule)));
        request.record(nanos / 1e9);
    }

    /** A request refused before an exchange began (a malformed request, a limit): counted, not timed. */
    void refused(String rule) {
        requests.add(1, Attributes.of(DECISION, "deny", RULE, label(rule)));
    }

    /**
     * A rule name as a label: policies name rules with identifiers; anything else (a rule built
     * from input by a careless policy) would make the label set unbounded, so it is folded.
     */
    static String label(String rule) {
        return rule.length() <= 64 && rule.matches("[A-Za-z0-9_.:-]+") ? rule : "other";
    }

    void swapped(String credentialId) {
        swaps.add(1, Attributes.of(CREDENTIAL, credentialId));
    }

    void scrubbed(String credentialId, long count) {
        scrubs.add(count, Attributes.of(CREDENTIAL, credentialId));
    }
}
