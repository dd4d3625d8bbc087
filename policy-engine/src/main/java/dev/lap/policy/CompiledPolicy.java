package dev.lap.policy;

import dev.lap.policy.value.Value;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Compiled modules and data, ready to evaluate. Immutable and safe to share between threads;
 * every evaluation has its own state.
 */
public final class CompiledPolicy {
    private CompiledPolicy() {}

    /** A hash of the modules and data this policy was compiled from. */
    public String revision() {
        throw new UnsupportedOperationException("compiler not written yet");
    }

    /**
     * Evaluates a ref such as {@code data.lap.egress.decision} against {@code input} (converted
     * with {@link dev.lap.policy.value.Values#of}). Never throws for policy reasons: errors come
     * back as {@link Result.Failed}.
     */
    public Result evaluate(String ref, @Nullable Object input) {
        throw new UnsupportedOperationException("evaluator not written yet");
    }

    /**
     * Runs a query ({@code data.test.p = x}, {@code x := data.a[_]}) and returns one binding map
     * per solution, each mapping the query's named variables to their values. No solutions (an
     * empty list) means undefined.
     *
     * @param input the input document, or {@code null} for none
     * @throws RegoException parse or compile errors in the query, or an evaluation error
     */
    public List<Map<String, Value>> query(String query, @Nullable Value input) throws RegoException {
        throw new UnsupportedOperationException("evaluator not written yet");
    }
}
