package dev.lap.cli.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Result;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.BooleanValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    /**
     * A test as {@code opa test} names it: the package, then the rule's head ref up to and including
     * its first {@code test_} (or {@code todo_test_}) term. {@code ref} is what is evaluated: the
     * same path, dotted, for {@link CompiledPolicy#evaluate}.
     */
    record TestRule(String name, String ref, boolean todo) {}

    /**
     * The tests in {@code policy} whose name {@code run} finds (unanchored, as {@code opa test
     * --run}), sorted by name. {@code packages} are the modules' package paths: only the part of a
     * rule's ref after its package is searched for {@code test_}, as {@code opa test} does, so a
     * ref head such as {@code test_x.y if …} is the test {@code data.pkg.test_x}, while the rules
     * of {@code package test_utils} are not tests. Several rules under one test name (
     * {@code test_x.y} and {@code test_x.z}) are one test here, evaluated as one document.
     */
    static List<TestRule> tests(CompiledPolicy policy, Collection<List<String>> packages, @Nullable Pattern run) {
        Map<String, TestRule> out = new TreeMap<>();
        for (String ref : policy.ruleRefs()) {
            List<String> path = List.of(ref.substring("data.".length()).split("\\.", -1));
            int packageLength = packageLength(path, packages);
            for (int i = packageLength; i < path.size(); i++) {
                String term = path.get(i);
                boolean todo = term.startsWith(TODO_PREFIX);
                if (todo || term.startsWith(TEST_PREFIX)) {
                    List<String> testPath = path.subList(0, i + 1);
                    String name = name(testPath);
                    if (run == null || run.matcher(name).find()) {
                        out.putIfAbsent(name, new TestRule(name, "data." + String.join(".", testPath), todo));
                    }
                    break;
                }
            }
        }
        return List.copyOf(out.values());
    }

    /**
     * How many leading terms of {@code path} are its package: the longest package that is a proper
     * prefix. A path under no package read (a clause {@link PackageClause} could not read) is taken
     * to be a plain rule name under its package, which is all but the last term.
     */
    private static int packageLength(List<String> path, Collection<List<String>> packages) {
        int longest = -1;
        for (List<String> p : packages) {
            if (p.size() < path.size()
                    && p.size() > longest
                    && path.subList(0, p.size()).equals(p)) {
                longest = p.size();
            }
        }
        return longest < 0 ? path.size() - 1 : longest;
    }

    /** {@code data.a.test_x}, with a term that is no identifier quoted as Rego writes it: {@code data.a["b-c"]}. */
    private static String name(List<String> path) {
        StringBuilder sb = new StringBuilder("data");
        for (String term : path) {
            if (IDENTIFIER.matcher(term).matches()) {
                sb.append('.').append(term);
            } else {
                sb.append("[\"")
                        .append(term.replace("\\", "\\\\").replace("\"", "\\\""))
                        .append("\"]");
            }
        }
        return sb.toString();
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Runs one test; with {@code traced}, every step is kept in the result for -v and --coverage. */
    static TestResult run(CompiledPolicy policy, TestRule test, boolean traced) {
        if (test.todo()) {
            return new TestResult(test.name(), new TestResult.Outcome.Skipped(), 0, List.of());
        }
        List<Tracer.Event> trace = new ArrayList<>();
        long start = System.nanoTime();
        Result r = policy.evaluate(test.ref(), null, traced ? trace::add : null);
        long nanos = System.nanoTime() - start;
        TestResult.Outcome outcome = switch (r) {
            case Result.Defined d when d.value().equals(BooleanValue.TRUE) -> new TestResult.Outcome.Pass();
            case Result.Defined d -> new TestResult.Outcome.Fail(d.value());
            case Result.Undefined u -> new TestResult.Outcome.Fail(null);
            case Result.Failed f -> new TestResult.Outcome.Error(f.error());
        };
        return new TestResult(test.name(), outcome, nanos, trace);
    }
}
