package dev.lap.policy;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Receives what an evaluation does, step by step: for {@code lap policy test -v}, {@code
 * --coverage} and {@code eval --explain}. Passed per call; an evaluation without one pays nothing.
 * Called on the evaluating thread, in order.
 */
@FunctionalInterface
public interface Tracer {
    void event(Event e);

    /** What happened, where, and how deep in rule calls (0 for the query). */
    record Event(
            Kind kind,
            Location location,
            int depth,
            String detail,
            @Nullable String value) {
        public Event {
            requireNonNull(kind, "kind");
            requireNonNull(location, "location");
            requireNonNull(detail, "detail");
        }

        @Override
        public String toString() {
            return "  ".repeat(depth) + kind.label + " " + location + " " + detail
                    + (value == null ? "" : " = " + value);
        }
    }

    enum Kind {
        /** A rule or function starts to be evaluated; detail is its ref. */
        ENTER("Enter"),
        /** A statement is evaluated; detail is its source line. */
        EVAL("Eval"),
        /** A statement had no solution: the body fails here; detail is its source line. */
        FAIL("Fail"),
        /** A rule or function produced a value; detail is its ref, value the value as JSON. */
        EXIT("Exit"),
        /** The policy called {@code trace(note)}; detail is the note. */
        NOTE("Note");

        private final String label;

        Kind(String label) {
            this.label = label;
        }
    }
}
