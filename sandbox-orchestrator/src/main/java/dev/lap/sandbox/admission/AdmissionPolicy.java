package dev.lap.sandbox.admission;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Result;
import dev.lap.policy.value.Values;
import dev.lap.sandbox.runtime.SandboxSpec.ResourceLimits;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Asks {@code data.lap.sandbox.admit}, then {@code data.lap.credentials.grants}, and reads both
 * answers strictly: a missing policy, an evaluation error, an undefined answer or a field of the
 * wrong type is a refusal that says which.
 *
 * <p>The policy in force comes from a supplier, so a hot reload applies to the next session.
 */
public final class AdmissionPolicy {
    public static final String ADMIT = "data.lap.sandbox.admit";
    public static final String GRANTS = "data.lap.credentials.grants";

    private final Supplier<@Nullable CompiledPolicy> policy;
    private final Duration startTimeout;

    /**
     * @param startTimeout how long a sandbox may take to start; the runtime's limit, not the
     *     policy's
     */
    public AdmissionPolicy(Supplier<@Nullable CompiledPolicy> policy, Duration startTimeout) {
        this.policy = policy;
        this.startTimeout = startTimeout;
    }

    public Admission decide(AdmissionRequest request) {
        CompiledPolicy p = policy.get();
        if (p == null) {
            return new Admission.Refused("no policy is loaded; every session is refused", "no_policy", "none");
        }
        String revision = p.revision();
        Object admit;
        try {
            admit = answer(p, ADMIT, admitInput(request));
        } catch (Undecided e) {
            return new Admission.Refused(e.getMessage(), e.rule, revision);
        }
        if (!(admit instanceof Map<?, ?> m)) {
            return malformed(ADMIT + " is not an object", revision);
        }
        String rule = m.get("rule") instanceof String s && !s.isEmpty() ? s : "unnamed";
        String reason = m.get("reason") instanceof String s ? s : "";
        if (!(m.get("allow") instanceof Boolean allow)) {
            return malformed(ADMIT + ".allow is missing or not a boolean", revision);
        }
        if (!allow) {
            return new Admission.Refused(reason.isEmpty() ? "refused by rule " + rule : reason, rule, revision);
        }
        Long ttl = seconds(m.get("ttl"));
        Long idle = seconds(m.get("idle_ttl"));
        if (ttl == null || ttl <= 0 || idle == null || idle <= 0) {
            return malformed(ADMIT + ".ttl and .idle_ttl must be positive whole seconds", revision);
        }
        if (!(m.get("limits") instanceof Map<?, ?> limits)) {
            return malformed(ADMIT + ".limits must be an object", revision);
        }
        Long memory = seconds(limits.get("memory_bytes"));
        Long processes = seconds(limits.get("max_processes"));
        if (memory == null || memory < 0 || processes == null || processes < 0 || processes > Integer.MAX_VALUE) {
            return malformed(ADMIT + ".limits.memory_bytes and .max_processes must be whole numbers >= 0", revision);
        }
        Object granted;
        try {
            granted = answer(p, GRANTS, grantsInput(request));
        } catch (Undecided e) {
            return new Admission.Refused(e.getMessage(), e.rule, revision);
        }
        if (!(granted instanceof Collection<?> ids) || !ids.stream().allMatch(String.class::isInstance)) {
            return malformed(GRANTS + " must be a set of credential ids", revision);
        }
        Set<String> credentials = new LinkedHashSet<>();
        ids.forEach(id -> credentials.add((String) id));
        return new Admission.Admitted(
                Duration.ofSeconds(ttl),
                Duration.ofSeconds(idle),
                new ResourceLimits(memory, processes.intValue(), startTimeout),
                credentials,
                reason.isEmpty() ? "admitted by rule " + rule : reason,
                revision);
    }

    private static Admission malformed(String what, String revision) {
        return new Admission.Refused("malformed policy answer: " + what, "malformed_decision", revision);
    }

    /** Thrown inside {@link #decide} only, for an answer that is not a value. */
    private static final class Undecided extends Exception {
        final String rule;

        Undecided(String message, String rule) {
            super(message, null, false, false);
            this.rule = rule;
        }
    }

    private static @Nullable Object answer(CompiledPolicy p, String ref, Map<String, Object> input) throws Undecided {
        Result result;
        try {
            result = p.evaluate(ref, input);
        } catch (RuntimeException e) {
            // The engine reports errors as values; anything thrown is a bug, and still a refusal.
            throw new Undecided(
                    "the policy engine failed on " + ref + ": " + e.getClass().getSimpleName(), "engine_error");
        }
        return switch (result) {
            case Result.Undefined u -> throw new Undecided(ref + " is undefined for this session", "undefined");
            case Result.Failed f ->
                throw new Undecided(
                        "policy evaluation of " + ref + " failed: " + f.error().render(), "policy_error");
            case Result.Defined d -> Values.toJava(d.value());
        };
    }

    private static @Nullable Long seconds(@Nullable Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9e15) {
                return (long) d;
            }
        }
        return null;
    }

    static Map<String, Object> admitInput(AdmissionRequest r) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("memory_bytes", r.memoryBytes());
        limits.put("max_processes", r.maxProcesses());
        Map<String, Object> requested = new LinkedHashMap<>();
        requested.put("ttl", r.ttl().toSeconds());
        requested.put("limits", limits);
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("user", r.user());
        in.put("agent", r.agent());
        in.put("name", r.name());
        in.put("repo", r.repo());
        in.put("runtime", r.runtime());
        in.put("requested", requested);
        return in;
    }

    static Map<String, Object> grantsInput(AdmissionRequest r) {
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", r.sessionId());
        session.put("user", r.user());
        session.put("agent", r.agent());
        session.put("repo", r.repo());
        session.put("labels", Map.of("name", r.name()));
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("session", session);
        in.put("user", r.user());
        in.put("agent", r.agent());
        in.put("repo", r.repo());
        return in;
    }
}
