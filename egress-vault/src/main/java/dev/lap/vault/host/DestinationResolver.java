package dev.lap.vault.host;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Turns a canonical host and port into the addresses to dial, applying {@link DestinationGuard} to
 * what DNS returns: the check is on the resolved address, after the policy allowed the name, so
 * a public name pointed at 169.254.169.254 is refused. The vault dials exactly the addresses
 * returned here and never resolves the name again, so the answer checked is the answer used (no
 * DNS rebinding between check and connect).
 *
 * <ul>
 *   <li>A {@link ResolvePin} for {@code host:port} wins: its addresses, unchecked.
 *   <li>An address literal is checked and dialled as is, with no lookup.
 *   <li>A DNS name is looked up on the supplied executor (a lookup blocks, and the caller is an
 *       event loop); forbidden addresses are dropped, and when none remain the host is refused with
 *       the first forbidden address's reason.
 * </ul>
 *
 * <p>The lookup's {@link UnknownHostException} and an empty answer become {@link
 * Resolution.Unresolvable}, as does an executor that rejects the task. Anything else the lookup
 * throws completes the future exceptionally; a caller refuses the request for that too.
 */
public final class DestinationResolver {
    private final HostLookup lookup;
    private final Executor executor;
    private final Map<HostAndPort, ResolvePin> pins;

    /**
     * @param pins at most one per {@code host:port}; two would leave it to the order of the options
     *     which applies, so they are refused
     * @throws IllegalArgumentException two pins for one {@code host:port}
     */
    public DestinationResolver(HostLookup lookup, Executor executor, List<ResolvePin> pins) {
        this.lookup = requireNonNull(lookup, "lookup");
        this.executor = requireNonNull(executor, "executor");
        Map<HostAndPort, ResolvePin> byTarget = new HashMap<>();
        for (ResolvePin pin : pins) {
            if (byTarget.putIfAbsent(pin.target(), pin) != null) {
                throw new IllegalArgumentException("two --resolve pins for " + pin.target());
            }
        }
        this.pins = Map.copyOf(byTarget);
    }

    /** Where to connect for {@code host:port}. Completes on the executor for DNS names, at once otherwise. */
    public CompletableFuture<Resolution> resolve(CanonicalHost host, int port) {
        requireNonNull(host, "host");
        HostAndPort target = new HostAndPort(host, port);
        ResolvePin pin = pins.get(target);
        if (pin != null) {
            List<InetSocketAddress> addresses = pin.addresses().stream()
                    .map(a -> new InetSocketAddress(a, port))
                    .toList();
            return CompletableFuture.completedFuture(new Resolution.Dial(addresses, true));
        }
        if (host.isLiteral()) {
            InetAddress address = host.literalAddress().orElseThrow();
            return CompletableFuture.completedFuture(guard(host, port, List.of(address)));
        }
        try {
            return CompletableFuture.supplyAsync(() -> lookUp(host, port), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(
                    new Resolution.Unresolvable("no lookup thread is available for " + host.name()));
        }
    }

    private Resolution lookUp(CanonicalHost host, int port) {
        List<InetAddress> answers;
        try {
            answers = lookup.lookup(host.name());
        } catch (UnknownHostException e) {
            return new Resolution.Unresolvable("no address for " + host.name());
        }
        if (answers.isEmpty()) {
            return new Resolution.Unresolvable("no address for " + host.name());
        }
        return guard(host, port, answers);
    }

    private static Resolution guard(CanonicalHost host, int port, List<InetAddress> answers) {
        List<InetSocketAddress> allowed = new ArrayList<>();
        List<DestinationVerdict.Refused> refused = new ArrayList<>();
        for (InetAddress address : new LinkedHashSet<>(answers)) {
            switch (DestinationGuard.check(address)) {
                case DestinationVerdict.Allowed ok -> allowed.add(new InetSocketAddress(ok.address(), port));
                case DestinationVerdict.Refused no -> refused.add(no);
            }
        }
        if (!allowed.isEmpty()) {
            return new Resolution.Dial(allowed, false);
        }
        List<String> details =
                refused.stream().map(DestinationVerdict.Refused::detail).toList();
        String detail = host.isLiteral()
                ? String.join("; ", details)
                : host.name() + " resolves only to refused addresses: " + String.join("; ", details);
        return new Resolution.Refused(refused.get(0).reason(), detail);
    }
}
