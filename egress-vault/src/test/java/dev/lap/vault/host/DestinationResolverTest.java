package dev.lap.vault.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DestinationResolverTest {
    /** Runs tasks when asked, so a test sees that nothing ran on its own thread. */
    private final List<Runnable> queued = new ArrayList<>();

    private final Executor queue = queued::add;
    private final List<String> looked = Collections.synchronizedList(new ArrayList<>());

    private HostLookup answers(Map<String, List<String>> table) {
        return name -> {
            looked.add(name);
            List<String> found = table.get(name);
            if (found == null) {
                throw new UnknownHostException(name);
            }
            List<InetAddress> out = new ArrayList<>();
            for (String a : found) {
                out.add(InetAddress.getByAddress(name, InetAddress.getByName(a).getAddress()));
            }
            return out;
        };
    }

    private Resolution run(CompletableFuture<Resolution> future) throws Exception {
        List<Runnable> tasks = List.copyOf(queued);
        queued.clear();
        tasks.forEach(Runnable::run);
        return future.get(5, TimeUnit.SECONDS);
    }

    private static InetSocketAddress at(String address, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(address), port);
    }

    @Test
    void looksUpOnTheExecutorNotTheCallersThread() throws Exception {
        var resolver =
                new DestinationResolver(answers(Map.of("api.github.com", List.of("140.82.112.5"))), queue, List.of());
        CompletableFuture<Resolution> future = resolver.resolve(CanonicalHostTest.host("api.github.com"), 443);
        assertThat(future).isNotDone();
        assertThat(looked).isEmpty();
        assertThat(run(future)).isEqualTo(new Resolution.Dial(List.of(at("140.82.112.5", 443)), false));
        assertThat(looked).containsExactly("api.github.com");
    }

    @Test
    void dropsForbiddenAnswersAndKeepsTheRestInOrder() throws Exception {
        var resolver = new DestinationResolver(
                answers(Map.of("mixed.example", List.of("10.0.0.1", "8.8.8.8", "::1", "2606:4700::1111", "8.8.8.8"))),
                queue,
                List.of());
        assertThat(run(resolver.resolve(CanonicalHostTest.host("mixed.example"), 443)))
                .isEqualTo(new Resolution.Dial(List.of(at("8.8.8.8", 443), at("2606:4700::1111", 443)), false));
    }

    @Test
    void refusesWithTheFirstReasonWhenEveryAnswerIsForbidden() throws Exception {
        var resolver = new DestinationResolver(
                answers(Map.of("rebind.example", List.of("169.254.169.254", "10.0.0.1"))), queue, List.of());
        assertThat(run(resolver.resolve(CanonicalHostTest.host("rebind.example"), 80)))
                .isInstanceOfSatisfying(Resolution.Refused.class, r -> {
                    assertThat(r.reason()).isEqualTo(RefusalReason.METADATA);
                    assertThat(r.detail())
                            .startsWith("rebind.example resolves only to refused addresses: 169.254.169.254 is")
                            .contains("10.0.0.1 is private");
                });
    }

    @Test
    void unknownAndEmptyAnswersAreUnresolvable() throws Exception {
        var resolver = new DestinationResolver(answers(Map.of("empty.example", List.of())), queue, List.of());
        assertThat(run(resolver.resolve(CanonicalHostTest.host("nx.example"), 443)))
                .isEqualTo(new Resolution.Unresolvable("no address for nx.example"));
        assertThat(run(resolver.resolve(CanonicalHostTest.host("empty.example"), 443)))
                .isEqualTo(new Resolution.Unresolvable("no address for empty.example"));
    }

    @Test
    void literalsAreCheckedWithoutALookup() throws Exception {
        var resolver = new DestinationResolver(answers(Map.of()), queue, List.of());
        CompletableFuture<Resolution> publicV4 = resolver.resolve(CanonicalHostTest.host("8.8.8.8"), 443);
        CompletableFuture<Resolution> loopback = resolver.resolve(CanonicalHostTest.host("0x7f.1"), 443);
        CompletableFuture<Resolution> mapped = resolver.resolve(CanonicalHostTest.host("[::ffff:a9fe:a9fe]"), 80);
        assertThat(publicV4).isCompletedWithValue(new Resolution.Dial(List.of(at("8.8.8.8", 443)), false));
        assertThat(loopback.get())
                .isEqualTo(new Resolution.Refused(RefusalReason.LOOPBACK, "127.0.0.1 is loopback (127.0.0.0/8)"));
        assertThat(mapped.get())
                .isInstanceOfSatisfying(
                        Resolution.Refused.class, r -> assertThat(r.reason()).isEqualTo(RefusalReason.METADATA));
        assertThat(queued).isEmpty();
        assertThat(looked).isEmpty();
    }

    @Test
    void pinsBypassDnsAndTheGuardForTheirPortOnly() throws Exception {
        var resolver = new DestinationResolver(
                answers(Map.of("registry.local", List.of("10.9.9.9"))),
                queue,
                List.of(
                        ResolvePinTest.ok("registry.local:443:127.0.0.1,[::1]"),
                        ResolvePinTest.ok("127.0.0.1:8080:127.0.0.1")));
        assertThat(resolver.resolve(CanonicalHostTest.host("Registry.Local."), 443))
                .isCompletedWithValue(new Resolution.Dial(List.of(at("127.0.0.1", 443), at("::1", 443)), true));
        assertThat(resolver.resolve(CanonicalHostTest.host("127.1"), 8080))
                .isCompletedWithValue(new Resolution.Dial(List.of(at("127.0.0.1", 8080)), true));
        assertThat(run(resolver.resolve(CanonicalHostTest.host("registry.local"), 80)))
                .isInstanceOf(Resolution.Refused.class);
        assertThat(looked).containsExactly("registry.local");
    }

    @Test
    void twoPinsForOneTargetAreAConfigurationError() {
        List<ResolvePin> pins =
                List.of(ResolvePinTest.ok("a.example:443:8.8.8.8"), ResolvePinTest.ok("A.example.:443:1.1.1.1"));
        assertThatThrownBy(() -> new DestinationResolver(HostLookup.system(), queue, pins))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two --resolve pins for a.example:443");
    }

    @Test
    void aRejectingExecutorIsUnresolvableNotAThrow() {
        Executor full = task -> {
            throw new RejectedExecutionException("full");
        };
        var resolver = new DestinationResolver(answers(Map.of()), full, List.of());
        assertThat(resolver.resolve(CanonicalHostTest.host("api.github.com"), 443))
                .isCompletedWithValue(new Resolution.Unresolvable("no lookup thread is available for api.github.com"));
    }
}
