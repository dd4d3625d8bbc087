package dev.lap.cli.policy;

import dev.lap.policy.value.Json;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints test results in {@code opa test}'s layout: one line per test that did not pass (every
 * test with {@code -v}), under a table test its cases that failed (all with {@code -v}), a rule,
 * then {@code PASS: n/m}, {@code FAIL: n/m}, {@code SKIPPED: n/m}, {@code ERROR: n/m}, each only
 * when non-zero. A table test with cases counts each case instead of itself.
 */
final class TestReport {
    private TestReport() {}

    static void print(List<TestResult> results, boolean verbose, PrintWriter out) {
        Counts counts = new Counts();
        boolean printed = false;
        for (TestResult r : results) {
            boolean passed = r.outcome() instanceof TestResult.Outcome.Pass;
            if (verbose || !passed) {
                out.println(r.name() + ": " + r.label() + " (" + DurationText.of(r.nanos()) + ")");
                printCases(r.cases(), 1, verbose, out);
                printed = true;
            }
            if (verbose && !passed) {
                for (var e : r.trace()) {
                    out.println("    " + e);
                }
            }
            switch (r.outcome()) {
                case TestResult.Outcome.Fail f
                when f.got() != null -> out.println("  evaluated to " + Json.write(f.got()) + ", not true");
                case TestResult.Outcome.Error e -> out.println("  " + e.error());
                default -> {}
            }
            counts.add(r);
        }
        if (printed) {
            out.println("-".repeat(80));
        }
        int total = counts.pass + counts.fail + counts.skipped + counts.error;
        line(out, "PASS", counts.pass, total);
        line(out, "FAIL", counts.fail, total);
        line(out, "SKIPPED", counts.skipped, total);
        line(out, "ERROR", counts.error, total);
        out.flush();
    }

    /** {@code  key: PASS|FAIL}, two spaces deeper per level of nesting; passing cases only when verbose. */
    private static void printCases(List<TestResult.Case> cases, int depth, boolean verbose, PrintWriter out) {
        for (TestResult.Case c : cases) {
            if (verbose || c.failed()) {
                out.println("  ".repeat(depth) + c.name() + ": " + (c.failed() ? "FAIL" : "PASS"));
            }
            printCases(c.below(), depth + 1, verbose, out);
        }
    }

    /** What the summary counts: a table test's leaf cases, or the test itself when it has none. */
    private static final class Counts {
        int pass, fail, skipped, error;

        void add(TestResult r) {
            switch (r.outcome()) {
                case TestResult.Outcome.Skipped s -> skipped++;
                case TestResult.Outcome.Error e -> error++;
                default -> {
                    if (r.cases().isEmpty()) {
                        if (r.outcome() instanceof TestResult.Outcome.Pass) {
                            pass++;
                        } else {
                            fail++;
                        }
                    } else {
                        addLeaves(r.cases());
                    }
                }
            }
        }

        private void addLeaves(List<TestResult.Case> cases) {
            for (TestResult.Case c : cases) {
                if (c.below().isEmpty()) {
                    if (c.failed()) {
                        fail++;
                    } else {
                        pass++;
                    }
                }
                addLeaves(c.below());
            }
        }
    }

    private static void line(PrintWriter out, String label, int n, int total) {
        if (n > 0) {
            out.println(label + ": " + n + "/" + total);
        }
    }
}
