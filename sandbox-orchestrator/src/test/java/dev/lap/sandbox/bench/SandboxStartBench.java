package dev.lap.sandbox.bench;

import dev.lap.sandbox.agent.AgentCatalog;
import dev.lap.sandbox.agent.AgentModels;
import dev.lap.sandbox.runtime.Sandbox;
import dev.lap.sandbox.runtime.SandboxSpec;
import dev.lap.sandbox.runtime.local.LocalRuntime;
import dev.lap.sandbox.runtime.local.LocalRuntimeConfig;
import dev.lap.vault.policy.EgressInput;
import io.opentelemetry.api.OpenTelemetry;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Not a test: starts {@code -sandboxes N} (default 50) {@code shell} sandboxes one after another
 * with the local runtime and the shipped policies, and prints start → ready (median, p99), then,
 * with all of them idle, the server's heap and threads per session and the sandbox side's
 * resident memory per session (the RSS of every process in each sandbox). docs/benchmarks.md.
 *
 * <pre>./mvnw -B -o -pl sandbox-orchestrator -am test-compile exec:exec@bench -Dbench.args="-sandboxes 50"</pre>
 */
public final class SandboxStartBench {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(arg(args, "--root", "."));
        int n = Integer.parseInt(arg(args, "-sandboxes", "50"));
        int warmup = Integer.parseInt(arg(args, "-warmup", "5"));
        Optional<String> why = LocalRuntime.unusable();
        if (why.isPresent()) {
            System.out.println("sandboxes cannot run here: " + why.get());
            return;
        }
        Path dir = Files.createTempDirectory("lap-sandbox-bench");
        var shell = new AgentCatalog(AgentModels.DEFAULTS).launch("shell");
        try (LocalRuntime runtime = LocalRuntime.open(
                LocalRuntimeConfig.of(root.resolve("policies"), null), e -> {}, OpenTelemetry.noop())) {
            List<Sandbox> warm = new ArrayList<>();
            for (int i = 0; i < warmup; i++) {
                warm.add(runtime.start(spec(dir, "warm" + i, shell)));
            }
            for (Sandbox s : warm) {
                runtime.stop(s, Duration.ofSeconds(1));
            }
            long heapBefore = usedHeap();
            int threadsBefore = Thread.activeCount();
            List<Sandbox> running = new ArrayList<>();
            long[] nanos = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                running.add(runtime.start(spec(dir, "s" + i, shell)));
                nanos[i] = System.nanoTime() - t0;
            }
            Thread.sleep(2000);
            long heapAfter = usedHeap();
            int threadsAfter = Thread.activeCount();
            long rss = 0;
            int processes = 0;
            for (int i = 0; i < n; i++) {
                long pid = Long.parseLong(Files.readString(dir.resolve("s" + i).resolve("sandbox.pid"))
                        .split(" ")[0]);
                var tree = new ArrayList<ProcessHandle>();
                ProcessHandle.of(pid).ifPresent(h -> {
                    tree.add(h);
                    h.descendants().forEach(tree::add);
                });
                for (ProcessHandle h : tree) {
                    rss += rssKib(h.pid());
                    processes++;
                }
            }
            long stop0 = System.nanoTime();
            for (Sandbox s : running) {
                runtime.stop(s, Duration.ofSeconds(1));
            }
            long stopNanos = System.nanoTime() - stop0;
            Arrays.sort(nanos);
            System.out.printf(
                    "sandboxes %d (after %d warm-up): start -> ready median %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    n, warmup, nanos[n / 2] / 1e6, nanos[(int) Math.ceil(n * 0.99) - 1] / 1e6, nanos[n - 1] / 1e6);
            System.out.printf(
                    "server side per idle session: heap %.0f KiB, threads %.2f%n",
                    (heapAfter - heapBefore) / 1024.0 / n, (threadsAfter - threadsBefore) / (double) n);
            System.out.printf(
                    "sandbox side per idle session: RSS %.0f KiB over %.1f processes (shared pages counted in each)%n",
                    rss / (double) n, processes / (double) n);
            System.out.printf("stop: %.0f ms per sandbox%n", stopNanos / 1e6 / n);
        }
    }

    private static SandboxSpec spec(Path dir, String id, SandboxSpec.AgentLaunch shell) {
        return new SandboxSpec(
                id,
                dir.resolve(id),
                new EgressInput.Session(id, "bench", "shell", "", Map.of()),
                Set.of(),
                shell,
                Optional.empty(),
                SandboxSpec.ResourceLimits.DEFAULT);
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception e) {
            // Gone meanwhile.
        }
        return 0;
    }

    private static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
