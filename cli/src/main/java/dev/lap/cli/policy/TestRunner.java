package dev.lap.cli.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Result;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.BooleanValue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs a policy's tests as {@code opa test} does: every rule whose name starts with {@code test_}
 * is a test and passes only when it evaluates to {@code true}; {@code todo_test_} rules are
 * skipped. Each test is its own evaluation with no input, so {@code with} inside the test is the
 * only way to give it one.
 */
final class TestRunner {
    static final String TEST_PREFIX = "test_";
    static final String TODO_PREFIX = "todo_test_";

    private TestRunner() {}

    /** The tests in {@code policy} whose full ref {@code run} finds (unanchored, as {@code opa test --run}). */
    static List<String> tests(CompiledPolicy policy, @Nullable Pattern run) {
        List<String> out = new ArrayList<>();
        for (String ref : policy.ruleRefs()) {
            String name = ref.substring(ref.lastIndexOf('.') + 1);
            if ((name.startsWith(TEST_PREFIX) || name.startsWith(TODO_PREFIX))
                    && (run == null || run.matcher(ref).find())) {
                out.add(ref);
            }
        }
        return out;
    }

    /** Runs one test; with {@code traced}, every step is kept in the result for -v and --coverage. */
    static TestResult run(CompiledPolicy policy, String ref, boolean traced) {
        if (ref.substring(ref.lastIndexOf('.') + 1).startsWith(TODO_PREFIX)) {
            return new TestResult(ref, new TestResult.Outcome.Skipped(), 0, List.of());
        }
        List<Tracer.Event> trace = new ArrayList<>();
        long start = System.nanoTime();
        Result r = policy.evaluate(ref, null, traced ? trace::add : null);
        long nanos = System.nanoTime() - start;
        TestResult.Outcome outcome = switch (r) {
            case Result.Defined d when d.value().equals(BooleanValue.TRUE) -> new TestResult.Outcome.Pass();
            case Result.Defined d -> new TestResult.Outcome.Fail(d.value());
            case Result.Undefined u -> new TestResult.Outcome.Fail(null);
            case Result.Failed f -> new TestResult.Outcome.Error(f.error());
        };
        return new TestResult(ref, outcome, nanos, trace);
    }
}
