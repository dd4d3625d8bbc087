package dev.lap.cli.policy;

import dev.lap.cli.CliException;
import dev.lap.cli.Lap;
import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.RegoException;
import dev.lap.policy.value.Value;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        description = {
            "Evaluate a query over and over on one thread and print ops/s and latency percentiles.",
            "A quick measurement to compare two versions of a policy on your machine; for numbers to publish use the JMH benchmarks (docs/benchmarks.md).",
            "Exit 0 after measuring, 1 when the query fails to evaluate, 2 on bad input or a policy that does not compile."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private QueryOptions options = new QueryOptions();

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How long to measure (500ms, 5s, 1m); default ${DEFAULT-VALUE}.")
    private Duration duration = Duration.ofSeconds(5);

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description =
                    "How long to run first without measuring, so the JIT compiles the hot path; default ${DEFAULT-VALUE}.")
    private Duration warmup = Duration.ofSeconds(2);

    @Override
    public Integer call() throws CliException, RegoException {
        PolicyQuery query = options.query();
        CompiledPolicy policy = options.compile();
        Value input = options.input();
        PrintWriter out = spec.commandLine().getOut();
        @Nullable String result = switch (query.ask(policy, input)) {
            case PolicyQuery.Answer.Defined d -> "defined";
            case PolicyQuery.Answer.Solutions s -> s.bindings().size() + " solutions";
            case PolicyQuery.Answer.Undefined u -> "undefined";
            case PolicyQuery.Answer.EvalError e -> {
                spec.commandLine().getErr().println(e.error().render());
                spec.commandLine()
                        .getErr()
                        .println(spec.qualifiedName() + ": the query fails to evaluate; nothing to measure");
                yield null;
            }
            case PolicyQuery.Answer.InvalidQuery q -> throw new RegoException(q.errors());
        };
        if (result == null) {
            return Lap.EXIT_NO;
        }
        measure(query, policy, input, warmup.toNanos(), new LatencySamples());
        LatencySamples samples = new LatencySamples();
        long elapsed = measure(query, policy, input, duration.toNanos(), samples);
        LatencySamples.Percentiles p = samples.percentiles();
        String how = query instanceof PolicyQuery.DataRef ? "evaluate" : "query: parse, compile and run each time";
        out.println("query:    " + query.text() + " (" + how + "; result " + result + ")");
        out.println("measured: " + String.format(Locale.ROOT, "%,d", samples.size()) + " evaluations in "
                + DurationText.of(elapsed) + " on 1 thread, after " + DurationText.of(warmup.toNanos())
                + " of warmup" + (samples.full() ? " (stopped early: sample buffer full)" : ""));
        out.println("ops/s:    " + String.format(Locale.ROOT, "%,.0f", samples.size() * 1e9 / elapsed));
        out.println("latency:  p50 " + DurationText.of(p.p50()) + "  p90 " + DurationText.of(p.p90()) + "  p99 "
                + DurationText.of(p.p99()) + "  p99.9 " + DurationText.of(p.p999()) + "  max "
                + DurationText.of(p.max()));
        out.println("note:     a quick measurement (one JVM, one thread, System.nanoTime around each call);"
                + " for numbers to compare or publish, use the JMH benchmarks in docs/benchmarks.md");
        out.flush();
        return Lap.EXIT_OK;
    }

    /** Runs the query until {@code forNanos} have passed; returns the time actually spent. */
    private static long measure(
            PolicyQuery query, CompiledPolicy policy, @Nullable Value input, long forNanos, LatencySamples samples) {
        long start = System.nanoTime();
        long end = start + forNanos;
        long now = start;
        while (now < end && !samples.full()) {
            long t0 = System.nanoTime();
            query.ask(policy, input);
            now = System.nanoTime();
            samples.add(now - t0);
        }
        return now - start;
    }
}
