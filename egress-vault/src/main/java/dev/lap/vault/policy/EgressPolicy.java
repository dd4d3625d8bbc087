package dev.lap.vault.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Result;
import dev.lap.policy.RuleInfo;
import dev.lap.policy.value.Values;
import dev.lap.vault.capture.CaptureRule;
import dev.lap.vault.capture.CaptureRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates {@code data.lap.egress.decision} and turns its answer into a {@link Decision}.
 *
 * <p>The policy in force comes from a supplier so that a hot reload (see {@code ReloadingPolicy})
 * takes effect on the next request. Evaluation runs on the caller's thread: a decision takes
 * microseconds, and the engine's own time and step limits bound the worst case.
 */
public final class EgressPolicy {
    public static final String ENTRYPOINT = "data.lap.egress.decision";

    /** Headers that frame or route the request: a decision may neither set nor remove them. */
    private static final Set<String> FRAMING =
            Set.of("host", "content-length", "transfer-encoding", "connection", "upgrade", "te", "trailer", "expect");

    private final Supplier<@Nullable CompiledPolicy> policy;

    public EgressPolicy(Supplier<@Nullable CompiledPolicy> policy) {
        this.policy = policy;
    }

    public Decision decide(EgressInput input) {
        CompiledPolicy p = policy.get();
        if (p == null) {
            return new Decision.Refuse("no policy is loaded; every request is refused", "no_policy", "none");
        }
        String revision = p.revision();
        Result result;
        try {
            result = p.evaluate(ENTRYPOINT, input.toDocument());
        } catch (RuntimeException e) {
            // The engine reports errors as values; anything thrown is a bug, and still a refusal.
            return new Decision.Refuse("the policy engine failed: " + e, "engine_error", revision);
        }
        return switch (result) {
            case Result.Undefined u ->
                new Decision.Refuse(ENTRYPOINT + " is undefined for this request", "undefined", revision);
            case Result.Failed f ->
                new Decision.Refuse("policy evaluation failed: " + f.error().render(), "policy_error", revision);
            case Result.Defined d -> read(Values.toJava(d.value()), revision);
        };
    }

    /**
     * True if {@code policy} has a rule that can give {@link #ENTRYPOINT} a value: one whose path
     * ({@code package lap.egress} + {@code decision := …}, or {@code package lap} + {@code
     * egress.decision := …}, or a document above it) lies on the way to it. A policy without one
     * refuses everything.
     */
    public static boolean defines(CompiledPolicy policy) {
        List<String> target = List.of("lap", "egress", "decision");
        for (RuleInfo rule : policy.rules()) {
            List<String> path = new ArrayList<>(rule.packagePath());
            for (RuleInfo.HeadTerm term : rule.head()) {
                if (!(term instanceof RuleInfo.HeadTerm.Fixed fixed)) {
                    break;
                }
                path.add(fixed.key());
            }
            int common = Math.min(path.size(), target.size());
            if (rule.kind() != RuleInfo.Kind.FUNCTION && path.subList(0, common).equals(target.subList(0, common))) {
                return true;
            }
        }
        return false;
    }

    /** Reads the decision object strictly: a field of the wrong type refuses, naming the field. */
    static Decision read(@Nullable Object value, String revision) {
        if (!(value instanceof Map<?, ?> m)) {
            return malformed("the decision is not an object", revision);
        }
        String rule = m.get("rule") instanceof String s && !s.isEmpty() ? s : "unnamed";
        String reason = m.get("reason") instanceof String s ? s : "";
        if (!(m.get("allow") instanceof Boolean allow)) {
            return malformed("decision.allow is missing or not a boolean", revision);
        }
        if (!allow) {
            return new Decision.Refuse(reason.isEmpty() ? "refused by " + rule : reason, rule, revision);
        }
        Set<String> inject = new LinkedHashSet<>();
        Object injected = m.get("inject");
        if (injected != null) {
            if (!(injected instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
                return malformed("decision.inject must be an array of credential ids", revision);
            }
            list.forEach(id -> inject.add((String) id));
        }
        Map<String, String> set = new LinkedHashMap<>();
        List<String> remove = new ArrayList<>();
        Object headers = m.get("headers");
        if (headers != null) {
            if (!(headers instanceof Map<?, ?> h)) {
                return malformed("decision.headers must be an object", revision);
            }
            Object s = h.get("set");
            if (s != null) {
                if (!(s instanceof Map<?, ?> sm)) {
                    return malformed("decision.headers.set must be an object of strings", revision);
                }
                for (Map.Entry<?, ?> e : sm.entrySet()) {
                    if (!(e.getKey() instanceof String k) || !(e.getValue() instanceof String v)) {
                        return malformed("decision.headers.set must be an object of strings", revision);
                    }
                    if (FRAMING.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                        return malformed(
                                "decision.headers.set may not set " + k + ": the vault frames requests", revision);
                    }
                    if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
                        return malformed("decision.headers.set." + k + " contains a line break", revision);
                    }
                    set.put(k, v);
                }
            }
            Object r = h.get("remove");
            if (r != null) {
                if (!(r instanceof List<?> rl) || !rl.stream().allMatch(String.class::isInstance)) {
                    return malformed("decision.headers.remove must be an array of header names", revision);
                }
                for (Object n : rl) {
                    if (FRAMING.contains(((String) n).toLowerCase(java.util.Locale.ROOT))) {
                        return malformed(
                                "decision.headers.remove may not remove " + n + ": the vault frames requests",
                                revision);
                    }
                    remove.add((String) n);
                }
            }
        }
        Object encodedSlashes = m.get("allow_encoded_slashes");
        if (encodedSlashes != null && !(encodedSlashes instanceof Boolean)) {
            return malformed("decision.allow_encoded_slashes must be a boolean", revision);
        }
        List<CaptureRule> capture;
        switch (CaptureRules.read(m.get("capture"))) {
            case CaptureRules.Rules r -> capture = r.rules();
            case CaptureRules.Invalid i -> {
                return malformed(i.problem(), revision);
            }
        }
        return new Decision.Allow(
                reason.isEmpty() ? "allowed by " + rule : reason,
                rule,
                revision,
                inject,
                set,
                remove,
                Boolean.TRUE.equals(encodedSlashes),
                capture);
    }

    private static Decision malformed(String what, String revision) {
        return new Decision.Refuse("malformed decision: " + what, "malformed_decision", revision);
    }
}
