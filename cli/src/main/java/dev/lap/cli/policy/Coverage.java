package dev.lap.cli.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Location;
import dev.lap.policy.Tracer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rule heads and statements the tests evaluated: the lines of {@link
 * CompiledPolicy#coverableLocations()} that some test's trace entered or evaluated. Test files
 * ({@code *_test.rego}) are left out of the report: what matters is what the policies under test
 * did.
 */
record Coverage(Map<String, Set<Integer>> covered, Map<String, Set<Integer>> notCovered) {

    static Coverage of(CompiledPolicy policy, List<TestResult> results) {
        Set<String> seen = new TreeSet<>();
        for (TestResult r : results) {
            for (Tracer.Event e : r.trace()) {
                if (e.kind() == Tracer.Kind.ENTER || e.kind() == Tracer.Kind.EVAL) {
                    seen.add(key(e.location()));
                }
            }
        }
        Map<String, Set<Integer>> covered = new TreeMap<>();
        Map<String, Set<Integer>> notCovered = new TreeMap<>();
        for (Location l : policy.coverableLocations()) {
            if (l.file().endsWith("_test.rego")) {
                continue;
            }
            (seen.contains(key(l)) ? covered : notCovered)
                    .computeIfAbsent(l.file(), f -> new TreeSet<>())
                    .add(l.row());
        }
        // A line with one covered and one uncovered location counts as covered.
        notCovered.forEach((file, rows) -> rows.removeAll(covered.getOrDefault(file, Set.of())));
        return new Coverage(covered, notCovered);
    }

    private static String key(Location l) {
        return l.file() + ":" + l.row() + ":" + l.col();
    }

    void print(PrintWriter out) {
        out.println("coverage:");
        Set<String> files = new TreeSet<>(covered.keySet());
        files.addAll(notCovered.keySet());
        int allCovered = 0;
        int all = 0;
        for (String f : files) {
            Set<Integer> c = covered.getOrDefault(f, Set.of());
            Set<Integer> n = notCovered.getOrDefault(f, Set.of());
            allCovered += c.size();
            all += c.size() + n.size();
            out.printf("  %s: %s%n", f, percent(c.size(), c.size() + n.size()));
            if (!n.isEmpty()) {
                out.println("    not covered: lines " + ranges(n));
            }
        }
        out.println("  total: " + percent(allCovered, all));
        out.flush();
    }

    private static String percent(int covered, int all) {
        return all == 0 ? "no rules" : String.format("%.1f%% (%d of %d lines)", 100.0 * covered / all, covered, all);
    }

    /** 3, 4, 5, 9 as "3-5, 9". */
    static String ranges(Set<Integer> rows) {
        StringBuilder sb = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int r : rows) {
            if (prev != null && r == prev + 1) {
                prev = r;
                continue;
            }
            if (start != null) {
                sb.append(sb.isEmpty() ? "" : ", ").append(start.equals(prev) ? start : start + "-" + prev);
            }
            start = r;
            prev = r;
        }
        if (start != null) {
            sb.append(sb.isEmpty() ? "" : ", ").append(start.equals(prev) ? start : start + "-" + prev);
        }
        return sb.toString();
    }
}
