package dev.lap.policy.conformance;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Runs a case and judges it by the rules of OPA's own runner: the result set compared as a set
 * of binding objects after normalising values to JSON (sets become sorted arrays, object keys
 * strings, numbers compare by value); {@code want_error_code} the exact code of the error;
 * {@code want_error} a substring of the error as OPA prints it, {@code file:row: code: message}.
 */
final class ConformanceJudge {
    /** A case that finishes but not in this time fails, rather than holding up the suite. */
    static final Duration EVALUATION_LIMIT = Duration.ofSeconds(10);

    private ConformanceJudge() {}

    /** Whether the case passed, and if not, why, in one line. */
    record Verdict(boolean passed, String reason) {
        static final Verdict PASS = new Verdict(true, "");

        static Verdict fail(String reason) {
            return new Verdict(false, reason);
        }
    }

    static Verdict run(ConformanceCase c) {
        List<PolicySource> modules = new ArrayList<>();
        for (int i = 0; i < c.modules().size(); i++) {
            modules.add(new PolicySource("test-" + i + ".rego", c.modules().get(i)));
        }
        PolicyEngine engine = PolicyEngine.builder()
                .strictBuiltinErrors(c.strictError())
                .timeout(EVALUATION_LIMIT)
                .build();
        List<Map<String, Value>> rows;
        try {
            Value input = c.inputTerm() != null ? PolicyEngine.parseValue(c.inputTerm()) : c.input();
            // An empty `data:` in the YAML is null, which OPA's runner reads as no data.
            Value data = c.data() instanceof ObjectValue o ? o : ObjectValue.EMPTY;
            CompiledPolicy policy = engine.compile(modules, data);
            rows = policy.query(c.query(), input);
        } catch (RegoException e) {
            return judgeError(c, e.first());
        }
        if (c.wantErrorCode() != null || c.wantError() != null) {
            return Verdict.fail("wanted error " + (c.wantErrorCode() == null ? "" : c.wantErrorCode() + " ")
                    + (c.wantError() == null ? "" : "\"" + c.wantError() + "\"") + ", got result " + rows(rows, false));
        }
        Set<String> want = new TreeSet<>();
        if (c.wantResult() != null) {
            for (Value row : c.wantResult().asList()) {
                want.add(Json.write(normalize(row, c.sortBindings())));
            }
        }
        Set<String> got = rows(rows, c.sortBindings());
        return want.equals(got) ? Verdict.PASS : Verdict.fail("wanted " + want + ", got " + got);
    }

    static Verdict judgeError(ConformanceCase c, RegoError error) {
        if (c.wantErrorCode() == null && c.wantError() == null) {
            return Verdict.fail("unexpected error " + error);
        }
        if (c.wantErrorCode() != null && !c.wantErrorCode().equals(error.code())) {
            return Verdict.fail("wanted code " + c.wantErrorCode() + ", got " + error);
        }
        if (c.wantError() != null && !opaText(error).contains(c.wantError())) {
            return Verdict.fail("wanted error text \"" + c.wantError() + "\", got " + opaText(error));
        }
        return Verdict.PASS;
    }

    /** An error as OPA prints it: {@code file:row: code: message}, the column left out. */
    static String opaText(RegoError e) {
        return (e.location() == null
                        ? ""
                        : e.location().file() + ":" + e.location().row() + ": ") + e.code() + ": " + e.message();
    }

    private static Set<String> rows(List<Map<String, Value>> rows, boolean sort) {
        Set<String> out = new TreeSet<>();
        for (Map<String, Value> row : rows) {
            ObjectValue.Builder b = ObjectValue.builder(row.size());
            row.forEach(b::put);
            out.add(Json.write(normalize(b.build(), sort)));
        }
        return out;
    }

    /** The JSON form OPA compares: sets as sorted arrays, non-string keys as their JSON text. */
    static Value normalize(Value v, boolean sortArrays) {
        return switch (v) {
            case SetValue s -> {
                List<Value> items = new ArrayList<>();
                for (Value e : s.asList()) {
                    items.add(normalize(e, sortArrays));
                }
                Collections.sort(items);
                yield ArrayValue.of(items);
            }
            case ArrayValue a -> {
                List<Value> items = new ArrayList<>();
                for (Value e : a.asList()) {
                    items.add(normalize(e, sortArrays));
                }
                if (sortArrays) {
                    Collections.sort(items);
                }
                yield ArrayValue.of(items);
            }
            case ObjectValue o -> {
                ObjectValue.Builder b = ObjectValue.builder(o.size());
                for (int i = 0; i < o.size(); i++) {
                    Value k = o.keyAt(i);
                    b.put(
                            k instanceof StringValue ? k : StringValue.of(Json.write(k)),
                            normalize(o.valueAt(i), sortArrays));
                }
                yield b.build();
            }
            default -> v;
        };
    }

    /** A case's verdict when it ran into something that is not a policy outcome at all. */
    static Verdict crashed(@Nullable Throwable t) {
        return Verdict.fail("crashed: " + t);
    }
}
