package dev.lap.policy.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.Yaml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * OPA's own Rego conformance cases, one dynamic test per case, grouped as OPA groups them.
 *
 * <p>How a case is reported:
 *
 * <ul>
 *   <li>passes: passed;
 *   <li>calls a builtin on the checked-in deferred list: aborted (skipped), naming the builtin;
 *   <li>fails and is in the checked-in baseline of passing notes ({@code conformance/passing.txt}):
 *       <b>failed</b>, which fails the build: a regression;
 *   <li>fails and is not in the baseline: aborted with the reason, so the build stays green while
 *       the engine is incomplete and the reason is still in the report.
 * </ul>
 *
 * The last test writes {@code target/conformance/summary.json} and {@code failures.txt}, prints a
 * table per group, and with {@code -Dlap.conformance.updateBaseline=true} adds the newly passing
 * notes to the baseline in the source tree (it only grows, unless {@code
 * -Dlap.conformance.allowShrink=true}).
 *
 * <p>The cases are found through {@code LAP_OPA_CONFORMANCE_DIR} (their {@code v1} directory),
 * else at {@code ../shared/opa-conformance/v1} beside the repository.
 */
class OpaConformanceTest {
    private static final long CASE_LIMIT_SECONDS = 30;

    @TestFactory
    Stream<DynamicNode> opaConformanceCases() throws IOException {
        Path dir = casesDirectory();
        Assumptions.assumeTrue(
                dir != null,
                "OPA's conformance cases are not here: set LAP_OPA_CONFORMANCE_DIR to the v1 directory of"
                        + " OPA's v1/test/cases/testdata (or put it at ../shared/opa-conformance/v1 beside the repository)");
        List<ConformanceCase> cases = load(dir);
        DeferredBuiltins deferred = DeferredBuiltins.load();
        Set<String> baseline = Baseline.read();
        Run run = new Run(deferred);

        Map<String, List<DynamicNode>> groups = new TreeMap<>();
        for (ConformanceCase c : cases) {
            groups.computeIfAbsent(c.group(), g -> new ArrayList<>())
                    .add(DynamicTest.dynamicTest(c.note(), c.file().toUri(), () -> {
                        Outcome o = run.judge(c);
                        switch (o.kind()) {
                            case PASSED -> {}
                            case SKIPPED -> throw new TestAbortedException(o.reason());
                            case FAILED -> {
                                if (baseline.contains(c.note())) {
                                    fail("regression: this case is in the passing baseline: " + o.reason());
                                }
                                throw new TestAbortedException("not passing yet: " + o.reason());
                            }
                        }
                    }));
        }
        Stream<DynamicNode> byGroup = groups.entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream()));
        DynamicTest finish = DynamicTest.dynamicTest("summary and baseline", () -> run.finish(baseline));
        return Stream.concat(byGroup, Stream.of(finish));
    }

    static Path casesDirectory() {
        String env = System.getenv("LAP_OPA_CONFORMANCE_DIR");
        List<Path> candidates = new ArrayList<>();
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        Path module = Baseline.moduleDir();
        candidates.add(module.resolve("../../shared/opa-conformance/v1"));
        candidates.add(module.resolve("../shared/opa-conformance/v1"));
        for (Path p : candidates) {
            if (Files.isDirectory(p)) {
                return p.normalize();
            }
        }
        return null;
    }

    /** Every case, in file order; repeated notes get {@code #2}, {@code #3} so each is one line of the baseline. */
    private static List<ConformanceCase> load(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<ConformanceCase> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Path f : files) {
            String group = dir.relativize(f).getName(0).toString();
            for (ConformanceCase c : ConformanceCase.from(f, group, (ObjectValue) Yaml.parse(Files.readString(f)))) {
                int n = seen.merge(c.note(), 1, Integer::sum);
                out.add(n == 1 ? c : withNote(c, c.note() + " #" + n));
            }
        }
        return out;
    }

    private static ConformanceCase withNote(ConformanceCase c, String note) {
        return new ConformanceCase(
                c.file(),
                c.group(),
                note,
                c.modules(),
                c.data(),
                c.input(),
                c.inputTerm(),
                c.query(),
                c.wantResult(),
                c.wantErrorCode(),
                c.wantError(),
                c.strictError(),
                c.sortBindings());
    }

    enum Kind {
        PASSED,
        FAILED,
        SKIPPED
    }

    record Outcome(Kind kind, String reason) {}

    /** The state of one run: every case's outcome, and the worker that runs them. */
    static final class Run {
        private final DeferredBuiltins deferred;
        private final Map<String, Map<Kind, Integer>> groups = new TreeMap<>();
        private final Map<String, String> failures = new TreeMap<>();
        private final Set<String> passed = new TreeSet<>();
        private ExecutorService worker = newWorker();

        Run(DeferredBuiltins deferred) {
            this.deferred = deferred;
        }

        /** Deep recursion in a policy must hit the engine's limits, not this thread's stack. */
        private static ExecutorService newWorker() {
            return Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(null, r, "conformance-case", 256L << 20);
                t.setDaemon(true);
                return t;
            });
        }

        Outcome judge(ConformanceCase c) {
            Outcome o = outcome(c);
            groups.computeIfAbsent(c.group(), g -> new HashMap<>()).merge(o.kind(), 1, Integer::sum);
            switch (o.kind()) {
                case PASSED -> passed.add(c.note());
                case FAILED -> failures.put(c.note(), o.reason());
                case SKIPPED -> {}
            }
            return o;
        }

        private Outcome outcome(ConformanceCase c) {
            String builtin = deferred.calledIn(c.source());
            if (builtin != null) {
                return new Outcome(Kind.SKIPPED, "calls deferred builtin " + builtin);
            }
            Future<ConformanceJudge.Verdict> f = worker.submit(() -> ConformanceJudge.run(c));
            ConformanceJudge.Verdict v;
            try {
                v = f.get(CASE_LIMIT_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // The stuck thread is abandoned (it is a daemon); later cases get a fresh one.
                f.cancel(true);
                worker.shutdownNow();
                worker = newWorker();
                v = ConformanceJudge.Verdict.fail("did not finish in " + CASE_LIMIT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                v = ConformanceJudge.crashed(e);
            } catch (java.util.concurrent.ExecutionException e) {
                v = ConformanceJudge.crashed(e.getCause());
            }
            return v.passed()
                    ? new Outcome(Kind.PASSED, "")
                    : new Outcome(Kind.FAILED, v.reason().replace('\n', ' '));
        }

        void finish(Set<String> baseline) throws IOException {
            worker.shutdownNow();
            int total = 0;
            int passedCount = 0;
            int failed = 0;
            int skipped = 0;
            StringBuilder json = new StringBuilder("{\"groups\":{");
            StringBuilder table =
                    new StringBuilder(String.format("%-44s %7s %7s %7s%n", "group", "passed", "failed", "skipped"));
            boolean first = true;
            for (Map.Entry<String, Map<Kind, Integer>> g : groups.entrySet()) {
                int p = g.getValue().getOrDefault(Kind.PASSED, 0);
                int f = g.getValue().getOrDefault(Kind.FAILED, 0);
                int s = g.getValue().getOrDefault(Kind.SKIPPED, 0);
                total += p + f + s;
                passedCount += p;
                failed += f;
                skipped += s;
                json.append(first ? "" : ",")
                        .append(dev.lap.policy.value.Json.quote(g.getKey()))
                        .append(":{\"passed\":")
                        .append(p)
                        .append(",\"failed\":")
                        .append(f)
                        .append(",\"skipped\":")
                        .append(s)
                        .append('}');
                first = false;
                table.append(String.format("%-44s %7d %7d %7d%n", g.getKey(), p, f, s));
            }
            json.append("}}");
            String summary = "{\"total\":" + total + ",\"passed\":" + passedCount + ",\"failed\":" + failed
                    + ",\"skipped\":" + skipped + "," + json.substring(1);
            table.append(
                    String.format("%-44s %7d %7d %7d%n", "TOTAL (" + total + " cases)", passedCount, failed, skipped));

            Path out = Baseline.moduleDir().resolve("target/conformance");
            Files.createDirectories(out);
            Files.writeString(out.resolve("summary.json"), summary + "\n", StandardCharsets.UTF_8);
            StringBuilder f = new StringBuilder();
            failures.forEach(
                    (note, reason) -> f.append(note).append('\t').append(reason).append('\n'));
            Files.writeString(out.resolve("failures.txt"), f.toString(), StandardCharsets.UTF_8);
            System.out.println("OPA conformance (v1):\n" + table + "summary: " + out.resolve("summary.json"));

            if (Boolean.getBoolean("lap.conformance.updateBaseline")) {
                Set<String> next = new TreeSet<>(passed);
                if (!Boolean.getBoolean("lap.conformance.allowShrink")) {
                    next.addAll(baseline);
                }
                Baseline.write(next);
                System.out.println("baseline now lists " + next.size() + " passing notes");
            }
            Set<String> regressions = new LinkedHashSet<>(baseline);
            regressions.removeAll(passed);
            if (!regressions.isEmpty()) {
                fail(regressions.size() + " case(s) in the passing baseline did not pass: " + regressions);
            }
        }
    }
}
