package dev.lap.vault.host;

/**
 * Why {@link DestinationGuard} refuses an address. {@link #code()} is the stable name that
 * decisions, audit rows and response bodies carry ({@code link-local}); callers switch on the
 * constant, never on the text.
 */
public enum RefusalReason {
    /** 127.0.0.0/8, ::1: the vault's own machine. */
    LOOPBACK("loopback"),
    /** 0.0.0.0/8, ::: "this host", which connects to the local machine on most systems. */
    UNSPECIFIED("unspecified"),
    /** RFC 1918, fc00::/7 unique-local, fec0::/10 site-local and NAT64 local-use. */
    PRIVATE("private"),
    /** 169.254.0.0/16, fe80::/10. */
    LINK_LOCAL("link-local"),
    /** 100.64.0.0/10, carrier-grade NAT: often the cluster or VPC fabric. */
    CGNAT("cgnat"),
    /** Cloud instance metadata services, which hand out credentials for the machine's role. */
    METADATA("metadata"),
    /** 224.0.0.0/4, ff00::/8. */
    MULTICAST("multicast"),
    /** 255.255.255.255. */
    BROADCAST("broadcast"),
    /** Reserved, deprecated or special-purpose space that is no public service's address. */
    RESERVED("reserved"),
    /** 198.18.0.0/15, 2001:2::/48: network benchmarking, used inside some labs and clouds. */
    BENCHMARKING("benchmarking"),
    /** 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32, 3fff::/20. */
    DOCUMENTATION("documentation");

    private final String code;

    RefusalReason(String code) {
        this.code = code;
    }

    /** The stable lower-case name, e.g. {@code cgnat}. */
    public String code() {
        return code;
    }
}
