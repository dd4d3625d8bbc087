package dev.lap.cli.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.RegoError;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.Value;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One test rule's outcome and how long it took, in {@code opa test}'s terms. */
record TestResult(String name, Outcome outcome, long nanos, List<Tracer.Event> trace) {
    TestResult {
        requireNonNull(name, "name");
        requireNonNull(outcome, "outcome");
        trace = List.copyOf(trace);
    }

    sealed interface Outcome {
        /** The rule evaluated to {@code true}. */
        record Pass() implements Outcome {}

        /** The rule was undefined ({@code got} is null) or evaluated to something other than true. */
        record Fail(@Nullable Value got) implements Outcome {}

        /** Evaluation stopped with an error. */
        record Error(RegoError error) implements Outcome {
            public Error {
                requireNonNull(error, "error");
            }
        }

        /** A {@code todo_test_} rule: counted, never run. */
        record Skipped() implements Outcome {}
    }

    String label() {
        return switch (outcome) {
            case Outcome.Pass p -> "PASS";
            case Outcome.Fail f -> "FAIL";
            case Outcome.Error e -> "ERROR";
            case Outcome.Skipped s -> "SKIPPED";
        };
    }
}
