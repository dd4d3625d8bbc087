package dev.lap.cli.policy;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.Result;
import dev.lap.policy.RuleInfo;
import dev.lap.policy.RuleResult;
import dev.lap.policy.Tracer;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs a policy's tests as {@code opa test} does: every rule definition whose head names a
 * {@code test_} term is a test, run alone, and passes only when it evaluates to {@code true};
 * {@code todo_test_} rules are skipped. A table test ({@code test_x[k] if …}) is judged case by
 * case. Each test is its own evaluation with no input, so {@code with} inside the test is the only
 * way to give it one.
 */
final class TestRunner {
    static final String TEST_PREFIX = "test_";
    static final String TODO_PREFIX = "todo_test_";

    private TestRunner() {}

    /**
     * A test as {@code opa test} names it: the package, then the rule's head ref up to and
     * including its first {@code test_} (or {@code todo_test_}) term, that term suffixed {@code
     * #01}, {@code #02}… for the second and later definitions of one name. {@code testTerm} is that
     * term's index in the rule's head; {@code table} says the definition is a table test, whose
     * cases are the keys after it.
     */
    record TestRule(String name, RuleInfo rule, int testTerm, boolean todo, boolean table) {}

    /**
     * The tests in {@code policy} whose name {@code run} finds (unanchored, as {@code opa test
     * --run}), in source order. Only the rule's head is searched for {@code test_}, not its
     * package, and only its fixed terms before the first variable one, as {@code opa test} does:
     * {@code test_x.y if …} is the test {@code data.pkg.test_x}, while the rules of {@code package
     * test_utils} are not tests.
     */
    static List<TestRule> tests(CompiledPolicy policy, @Nullable Pattern run) {
        List<TestRule> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (RuleInfo rule : policy.rules()) {
            if (rule.kind() == RuleInfo.Kind.FUNCTION) {
                continue;
            }
            int testTerm = testTerm(rule);
            if (testTerm < 0) {
                continue;
            }
            List<String> keys = new ArrayList<>();
            for (RuleInfo.HeadTerm t : rule.head().subList(0, testTerm + 1)) {
                keys.add(((RuleInfo.HeadTerm.Fixed) t).key());
            }
            String last = keys.getLast();
            boolean todo = last.startsWith(TODO_PREFIX);
            if (!todo) {
                // opa test renames the second and later definitions of a test name, so each runs alone.
                int earlier = seen.merge(name(rule.packagePath(), keys), 1, Integer::sum) - 1;
                if (earlier > 0) {
                    keys.set(testTerm, String.format("%s#%02d", last, earlier));
                }
            }
            String name = name(rule.packagePath(), keys);
            boolean table = rule.kind() == RuleInfo.Kind.PARTIAL_OBJECT
                    && rule.head().getLast() instanceof RuleInfo.HeadTerm.Variable;
            if (run == null || run.matcher(name).find()) {
                out.add(new TestRule(name, rule, testTerm, todo, table));
            }
        }
        return List.copyOf(out);
    }

    /** The index of the first head term naming a test, among the fixed ones before any variable; -1 if none. */
    private static int testTerm(RuleInfo rule) {
        for (int i = 0; i < rule.head().size(); i++) {
            if (!(rule.head().get(i) instanceof RuleInfo.HeadTerm.Fixed f)) {
                return -1;
            }
            if (f.key().startsWith(TEST_PREFIX) || f.key().startsWith(TODO_PREFIX)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code data.a.test_x}, with a term that is no identifier quoted as Rego writes it: {@code
     * data.a["b-c"]}. The rule's own name is written bare, as {@code opa test} prints it, also
     * when renamed: {@code data.a.test_x#01}.
     */
    private static String name(List<String> packagePath, List<String> head) {
        StringBuilder sb = new StringBuilder("data");
        for (String term : packagePath) {
            appendTerm(sb, term);
        }
        sb.append('.').append(head.getFirst());
        for (String term : head.subList(1, head.size())) {
            appendTerm(sb, term);
        }
        return sb.toString();
    }

    private static void appendTerm(StringBuilder sb, String term) {
        if (IDENTIFIER.matcher(term).matches()) {
            sb.append('.').append(term);
        } else {
            sb.append("[\"")
                    .append(term.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"]");
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Runs one test; with {@code traced}, every step is kept in the result for -v and --coverage. */
    static TestResult run(CompiledPolicy policy, TestRule test, boolean traced) {
        if (test.todo()) {
            return new TestResult(test.name(), new TestResult.Outcome.Skipped(), 0, List.of(), List.of());
        }
        List<Tracer.Event> trace = new ArrayList<>();
        long start = System.nanoTime();
        RuleResult r = policy.evaluateRule(test.rule(), null, traced ? trace::add : null);
        long nanos = System.nanoTime() - start;
        if (r.result() instanceof Result.Failed f) {
            return new TestResult(test.name(), new TestResult.Outcome.Error(f.error()), nanos, trace, List.of());
        }
        if (test.table()) {
            List<TestResult.Case> cases = cases(test, r.cases());
            boolean failed = cases.stream().anyMatch(TestResult.Case::failed);
            TestResult.Outcome outcome = failed ? new TestResult.Outcome.Fail(null) : new TestResult.Outcome.Pass();
            return new TestResult(test.name(), outcome, nanos, trace, cases);
        }
        TestResult.Outcome outcome = switch (r.result()) {
            case Result.Defined d -> {
                // What opa test evaluates is the document at the test's name: wrap the
                // definition's value in the fixed head terms after it ({"y": true} for test_x.y).
                Value v = wrap(d.value(), test);
                yield v.equals(BooleanValue.TRUE) ? new TestResult.Outcome.Pass() : new TestResult.Outcome.Fail(v);
            }
            case Result.Undefined u -> new TestResult.Outcome.Fail(null);
            case Result.Failed f -> new TestResult.Outcome.Error(f.error());
        };
        return new TestResult(test.name(), outcome, nanos, trace, List.of());
    }

    private static Value wrap(Value v, TestRule test) {
        List<RuleInfo.HeadTerm> head = test.rule().head();
        int end = test.testTerm() + 1;
        while (end < head.size() && head.get(end) instanceof RuleInfo.HeadTerm.Fixed) {
            end++;
        }
        for (int i = end - 1; i > test.testTerm(); i--) {
            String key = ((RuleInfo.HeadTerm.Fixed) head.get(i)).key();
            v = ObjectValue.builder(1).put(StringValue.of(key), v).build();
        }
        return v;
    }

    /**
     * A table test's cases as {@code opa test} reports them: a tree of the keys after the test
     * term, sorted by name at each level; a leaf fails unless its value is {@code true} (a key
     * whose body failed has none), and a key fails when any key below it does.
     */
    private static List<TestResult.Case> cases(TestRule test, List<RuleResult.Case> reached) {
        CaseNode root = new CaseNode();
        for (RuleResult.Case c : reached) {
            CaseNode n = root;
            for (Value key : c.path().subList(test.testTerm() + 1, c.path().size())) {
                n = n.children.computeIfAbsent(caseName(key), k -> new CaseNode());
            }
            n.failed = !BooleanValue.TRUE.equals(c.value());
        }
        return root.toCases();
    }

    /** A string key as it is, any other key as JSON: how opa test names a case. */
    private static String caseName(Value key) {
        return key instanceof StringValue s ? s.value() : Json.write(key);
    }

    private static final class CaseNode {
        final Map<String, CaseNode> children = new TreeMap<>();
        boolean failed;

        List<TestResult.Case> toCases() {
            List<TestResult.Case> out = new ArrayList<>(children.size());
            children.forEach((name, n) -> {
                List<TestResult.Case> below = n.toCases();
                boolean failed = below.isEmpty() ? n.failed : below.stream().anyMatch(TestResult.Case::failed);
                out.add(new TestResult.Case(name, failed, below));
            });
            return List.copyOf(out);
        }
    }
}
