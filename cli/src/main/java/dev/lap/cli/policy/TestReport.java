package dev.lap.cli.policy;

import dev.lap.policy.value.Json;
import java.io.PrintWriter;
import java.util.List;

/**
 * Prints test results in {@code opa test}'s layout: one line per test that did not pass (every
 * test with {@code -v}), a rule, then {@code PASS: n/m}, {@code FAIL: n/m}, {@code SKIPPED: n/m},
 * {@code ERROR: n/m}, each only when non-zero.
 */
final class TestReport {
    private TestReport() {}

    static void print(List<TestResult> results, boolean verbose, PrintWriter out) {
        int pass = 0, fail = 0, skipped = 0, error = 0;
        boolean printed = false;
        for (TestResult r : results) {
            boolean passed = r.outcome() instanceof TestResult.Outcome.Pass;
            if (verbose || !passed) {
                out.println(r.name() + ": " + r.label() + " (" + DurationText.of(r.nanos()) + ")");
                printed = true;
            }
            if (verbose && !passed) {
                for (var e : r.trace()) {
                    out.println("    " + e);
                }
            }
            switch (r.outcome()) {
                case TestResult.Outcome.Pass p -> pass++;
                case TestResult.Outcome.Fail f -> {
                    fail++;
                    if (f.got() != null) {
                        out.println("  evaluated to " + Json.write(f.got()) + ", not true");
                    }
                }
                case TestResult.Outcome.Error e -> {
                    error++;
                    out.println("  " + e.error());
                }
                case TestResult.Outcome.Skipped s -> skipped++;
            }
        }
        if (printed) {
            out.println("-".repeat(80));
        }
        int total = results.size();
        line(out, "PASS", pass, total);
        line(out, "FAIL", fail, total);
        line(out, "SKIPPED", skipped, total);
        line(out, "ERROR", error, total);
        out.flush();
    }

    private static void line(PrintWriter out, String label, int n, int total) {
        if (n > 0) {
            out.println(label + ": " + n + "/" + total);
        }
    }
}
