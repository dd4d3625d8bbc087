package dev.lap.policy.bench;

import dev.lap.policy.CompiledPolicy;
import dev.lap.policy.PolicyEngine;
import dev.lap.policy.PolicySource;
import dev.lap.policy.RegoException;
import dev.lap.policy.Result;
import dev.lap.policy.value.ObjectValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Evaluation latency of whole decisions, input built from Java maps as the gateway builds it.
 * Not a test: run it as docs/benchmarks.md says. The setup checks each decision once, so a
 * benchmark of a policy that stopped deciding correctly fails instead of measuring nothing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PolicyBenchmark {
    private CompiledPolicy egress;
    private CompiledPolicy rbac;

    private Map<String, Object> githubRequest;
    private Map<String, Object> rbacRequest;

    @Setup
    public void setUp() throws IOException, RegoException {
        PolicyEngine engine = PolicyEngine.create();
        egress = engine.compile(List.of(source("egress.rego")), ObjectValue.EMPTY);
        rbac = engine.compile(List.of(source("rbac.rego")), ObjectValue.EMPTY);
        githubRequest = Map.of(
                "session", Map.of("id", "s-1", "user", "alice", "agent", "claude-code", "repo", "acme/api"),
                "request",
                        Map.of(
                                "scheme", "https",
                                "host", "api.github.com",
                                "port", 443,
                                "method", "GET",
                                "path", "/repos/acme/api/pulls",
                                "query", "state=open",
                                "headers", Map.of("accept", "application/vnd.github+json", "user-agent", "gh/2.23"),
                                "sni", "api.github.com",
                                "http_version", "1.1"),
                "credentials", List.of(Map.of("id", "github", "env", "GITHUB_TOKEN", "placement", "authorization")));
        rbacRequest = Map.of("user", "alice", "action", "write", "object", "server123");

        expect(egress.evaluate("data.lap.egress.decision", githubRequest), "\"rule\":\"github\"");
        expect(rbac.evaluate("data.rbac.allow", rbacRequest), "true");
    }

    static void expect(Result r, String fragment) {
        if (!(r instanceof Result.Defined d) || !d.value().toString().contains(fragment)) {
            throw new IllegalStateException("benchmark policy no longer decides as expected: " + r);
        }
    }

    private static PolicySource source(String name) throws IOException {
        try (InputStream in = PolicyBenchmark.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IOException("missing benchmark resource /bench/" + name);
            }
            return new PolicySource(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Benchmark
    public Result egressDecision() {
        return egress.evaluate("data.lap.egress.decision", githubRequest);
    }

    @Benchmark
    public Result rbacAllow() {
        return rbac.evaluate("data.rbac.allow", rbacRequest);
    }
}
