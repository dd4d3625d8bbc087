package dev.lap.cli.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.RegoError;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.Value;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the user asked: a dotted ref under {@code data} ({@code data.lap.egress.decision}), whose
 * answer is its value, or any other query ({@code x := data.a[_]}), whose answer is its solutions,
 * one binding map each.
 */
sealed interface PolicyQuery permits PolicyQuery.DataRef, PolicyQuery.AdHoc {
    Pattern DOTTED_DATA_REF = Pattern.compile("data(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    static PolicyQuery of(String text) {
        String q = text.strip();
        return DOTTED_DATA_REF.matcher(q).matches() ? new DataRef(q) : new AdHoc(q);
    }

    String text();

    Answer ask(CompiledPolicy policy, @Nullable Value input, @Nullable Tracer tracer);

    default Answer ask(CompiledPolicy policy, @Nullable Value input) {
        return ask(policy, input, null);
    }

    /** Evaluated with {@link CompiledPolicy#evaluate}, the call the gateway itself makes. */
    record DataRef(String text) implements PolicyQuery {
        @Override
        public Answer ask(CompiledPolicy policy, @Nullable Value input, @Nullable Tracer tracer) {
            return switch (policy.evaluate(text, input, tracer)) {
                case Result.Defined d -> new Answer.Defined(d.value());
                case Result.Undefined u -> new Answer.Undefined();
                case Result.Failed f -> new Answer.EvalError(f.error());
            };
        }
    }

    /** Parsed, compiled and run by {@link CompiledPolicy#query} on every call. */
    record AdHoc(String text) implements PolicyQuery {
        @Override
        public Answer ask(CompiledPolicy policy, @Nullable Value input, @Nullable Tracer tracer) {
            try {
                List<Map<String, Value>> solutions = policy.query(text, input, tracer);
                return solutions.isEmpty() ? new Answer.Undefined() : new Answer.Solutions(solutions);
            } catch (RegoException e) {
                // rego_* codes are static errors in the query; eval_* ones happened while running it.
                return e.first().code().startsWith("eval_")
                        ? new Answer.EvalError(e.first())
                        : new Answer.InvalidQuery(e.errors());
            }
        }
    }

    sealed interface Answer {
        record Defined(Value value) implements Answer {}

        record Solutions(List<Map<String, Value>> bindings) implements Answer {
            public Solutions {
                bindings = List.copyOf(bindings);
            }
        }

        record Undefined() implements Answer {}

        record EvalError(RegoError error) implements Answer {}

        record InvalidQuery(List<RegoError> errors) implements Answer {
            public InvalidQuery {
                errors = List.copyOf(errors);
            }
        }
    }
}
