package dev.lap.vault.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * A blocking name lookup, the seam between {@link DestinationResolver} and DNS: production uses
 * {@link #system()}, tests feed answers (a public name that resolves to 10.0.0.1).
 */
@FunctionalInterface
public interface HostLookup {

    /**
     * Every address of the DNS name {@code name} (canonical, never a literal).
     *
     * @throws UnknownHostException when the name has no address
     */
    List<InetAddress> lookup(String name) throws UnknownHostException;

    /** {@link InetAddress#getAllByName}: the JVM's resolver, with its cache and {@code /etc/hosts}. */
    static HostLookup system() {
        return name -> List.of(InetAddress.getAllByName(name));
    }
}
