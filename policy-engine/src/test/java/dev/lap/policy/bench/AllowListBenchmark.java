package dev.lap.policy.bench;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import dev.lap.policy.value.ObjectValue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A host allow-list written the plain way, one rule per host, at three sizes: the time must not
 * grow with the number of rules that cannot match (the compiler's rule index buckets them by the
 * host they test).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AllowListBenchmark {
    @Param({"10", "100", "1000"})
    public int hosts;

    private CompiledPolicy policy;
    private Map<String, Object> request;

    @Setup
    public void setUp() throws RegoException {
        StringBuilder rego = new StringBuilder("package hosts\n\ndefault allow := false\n\n");
        for (int i = 0; i < hosts; i++) {
            rego.append("allow if input.request.host == \"host-").append(i).append(".example.com\"\n");
        }
        policy = PolicyEngine.create()
                .compile(List.of(new PolicySource("hosts.rego", rego.toString())), ObjectValue.EMPTY);
        // The last host: without an index, every rule before it would be evaluated.
        request = Map.of("request", Map.of("host", "host-" + (hosts - 1) + ".example.com", "method", "GET"));
        PolicyBenchmark.expect(policy.evaluate("data.hosts.allow", request), "true");
    }

    @Benchmark
    public Result allowListedHost() {
        return policy.evaluate("data.hosts.allow", request);
    }
}
