package dev.lap.cli.policy;

import static java.util.Objects.requireNonNull;

import dev.lap.policy.RegoError;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.Value;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One test's outcome and how long it took, in {@code opa test}'s terms. {@code cases} are a table
 * test's cases (empty for any other test, and for a table test with none).
 */
record TestResult(String name, Outcome outcome, long nanos, List<Tracer.Event> trace, List<Case> cases) {
    TestResult {
        requireNonNull(name, "name");
        requireNonNull(outcome, "outcome");
        trace = List.copyOf(trace);
        cases = List.copyOf(cases);
    }

    sealed interface Outcome {
        /** The rule evaluated to {@code true}, or every case of a table test did. */
        record Pass() implements Outcome {}

        /**
         * The rule was undefined ({@code got} is null) or evaluated to something other than true;
         * for a table test, a case failed ({@code got} null: the cases say which).
         */
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

    /** A key of a table test: a leaf is one case; a key with keys below it fails when one of them does. */
    record Case(String name, boolean failed, List<Case> below) {
        Case {
            requireNonNull(name, "name");
            below = List.copyOf(below);
        }
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
