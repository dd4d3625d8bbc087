package dev.lap.vault.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A proxy under test running as its own process ({@code bin/lap-vault} or {@code mitmdump}), with
 * its output in a log file, and what can be read about it from outside: resident memory and CPU
 * time from {@code /proc}, and for a JVM the heap and native memory through {@code jcmd}.
 */
final class ProxyProcess implements AutoCloseable {
    final String name;
    final Process process;
    final InetSocketAddress address;
    final Path log;

    private ProxyProcess(String name, Process process, InetSocketAddress address, Path log) {
        this.name = name;
        this.process = process;
        this.address = address;
        this.log = log;
    }

    /**
     * Starts {@code command} and waits until {@code listening} finds the port in a line of its
     * output (or, when it returns -1 for every line, until {@code fixedPort} accepts connections).
     */
    static ProxyProcess start(
            String name,
            List<String> command,
            Map<String, String> env,
            Path log,
            Function<String, Integer> listening,
            int fixedPort,
            long timeoutSeconds)
            throws Exception {
        var pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(name + "-log").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
                String line;
                while ((line = in.readLine()) != null) {
                    out.println(line);
                    Integer found = listening.apply(line);
                    if (found != null && found > 0) {
                        port.complete(found);
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException(name + " exited before listening; see " + log));
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        int found = -1;
        while (System.nanoTime() < deadline) {
            if (port.isDone()) {
                found = port.get();
                break;
            }
            if (fixedPort > 0 && accepts(fixedPort)) {
                found = fixedPort;
                break;
            }
            if (!p.isAlive()) {
                Thread.sleep(200); // let the log thread drain
                throw new IOException(name + " exited (code " + p.exitValue() + "); see " + log);
            }
            Thread.sleep(50);
        }
        if (found < 0) {
            p.destroyForcibly();
            throw new IOException(name + " did not start listening within " + timeoutSeconds + " s; see " + log);
        }
        return new ProxyProcess(name, p, new InetSocketAddress("127.0.0.1", found), log);
    }

    private static boolean accepts(int port) {
        try (var s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** {@code VmRSS} and {@code VmHWM} in KiB. */
    long[] rssKib() throws IOException {
        long rss = -1;
        long hwm = -1;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
            } else if (line.startsWith("VmHWM:")) {
                hwm = Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return new long[] {rss, hwm};
    }

    /** User plus system CPU time of the process, in seconds. */
    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name and state
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ is 100 on Linux
    }

    int threads() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return Integer.parseInt(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static final Pattern G1_HEAP =
            Pattern.compile("heap\\s+total (?:reserved )?(\\d+)K, committed (\\d+)K, used (\\d+)K");
    private static final Pattern GENERATION = Pattern.compile("total (\\d+)K, used (\\d+)K");

    /**
     * The JVM heap as {@code GC.heap_info} reports it: {committed, used} in KiB. G1 prints one
     * line for the heap; the serial and parallel collectors one per generation, which are added.
     */
    long[] heapKib() throws IOException, InterruptedException {
        String out = jcmd("GC.heap_info");
        Matcher g1 = G1_HEAP.matcher(out);
        if (g1.find()) {
            return new long[] {Long.parseLong(g1.group(2)), Long.parseLong(g1.group(3))};
        }
        long committed = 0;
        long used = 0;
        boolean found = false;
        Matcher gen = GENERATION.matcher(out);
        while (gen.find()) {
            committed += Long.parseLong(gen.group(1));
            used += Long.parseLong(gen.group(2));
            found = true;
        }
        if (!found) {
            throw new IOException("cannot read GC.heap_info:\n" + out);
        }
        return new long[] {committed, used};
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: the vault's shutdown hook closes it cleanly
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
