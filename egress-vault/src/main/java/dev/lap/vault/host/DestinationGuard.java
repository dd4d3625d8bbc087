package dev.lap.vault.host;

import static dev.lap.vault.host.RefusalReason.BENCHMARKING;
import static dev.lap.vault.host.RefusalReason.BROADCAST;
import static dev.lap.vault.host.RefusalReason.CGNAT;
import static dev.lap.vault.host.RefusalReason.DOCUMENTATION;
import static dev.lap.vault.host.RefusalReason.LINK_LOCAL;
import static dev.lap.vault.host.RefusalReason.LOOPBACK;
import static dev.lap.vault.host.RefusalReason.METADATA;
import static dev.lap.vault.host.RefusalReason.MULTICAST;
import static dev.lap.vault.host.RefusalReason.PRIVATE;
import static dev.lap.vault.host.RefusalReason.RESERVED;
import static dev.lap.vault.host.RefusalReason.UNSPECIFIED;
import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Refuses addresses the vault must never connect to on a sandbox's behalf: anything that reaches
 * the vault's own machine, its network or its cloud's control plane (the SSRF targets). Ranges
 * follow the IANA special-purpose registries; the first matching rule names the reason, so the
 * single metadata addresses are listed before the link-local or private range around them.
 *
 * <p>IPv6 addresses that carry an IPv4 address are judged by that IPv4 address, because packets
 * to them end up there:
 *
 * <ul>
 *   <li>IPv4-mapped {@code ::ffff:0:0/96}: exactly the IPv4 address (a dual-stack socket connects
 *       to it).
 *   <li>NAT64 {@code 64:ff9b::/96}: the NAT64 gateway forwards to the IPv4 address; allowed when
 *       that address is, since IPv6-only clusters reach every IPv4 service this way.
 *   <li>6to4 {@code 2002::/16}: refused when the embedded IPv4 address is; otherwise an ordinary
 *       global address.
 *   <li>Teredo {@code 2001::/32}, IPv4-compatible {@code ::/96} and IPv4-translated
 *       {@code ::ffff:0:0:0/96}: always refused, with the embedded address's reason when it is
 *       forbidden and {@code reserved} otherwise; no public service is reached through them.
 * </ul>
 *
 * <p>IPv6 outside {@code 2000::/3}, the only space IANA allocates for global unicast, is refused as
 * {@code reserved} unless a rule above allowed it (NAT64): new special-purpose blocks are then
 * refused before this table learns them.
 */
public final class DestinationGuard {

    private record Rule(Cidr range, RefusalReason reason, String what) {}

    private static final List<Rule> IPV4 = List.of(
            rule("169.254.169.254", METADATA, "the cloud metadata address (AWS, GCP, Azure, OpenStack)"),
            rule("169.254.170.2", METADATA, "the ECS task metadata address"),
            rule("169.254.170.23", METADATA, "the EKS pod identity agent address"),
            rule("100.100.100.200", METADATA, "the Alibaba Cloud metadata address"),
            rule("192.0.0.192", METADATA, "the Oracle Cloud metadata address"),
            rule("168.63.129.16", METADATA, "Azure's WireServer (host agent and metadata)"),
            rule("0.0.0.0/8", UNSPECIFIED, "\"this network\""),
            rule("10.0.0.0/8", PRIVATE, "private"),
            rule("100.64.0.0/10", CGNAT, "carrier-grade NAT space"),
            rule("127.0.0.0/8", LOOPBACK, "loopback"),
            rule("169.254.0.0/16", LINK_LOCAL, "link-local"),
            rule("172.16.0.0/12", PRIVATE, "private"),
            rule("192.0.0.0/24", RESERVED, "IETF protocol assignment space"),
            rule("192.0.2.0/24", DOCUMENTATION, "documentation space"),
            rule("192.88.99.0/24", RESERVED, "the deprecated 6to4 relay anycast"),
            rule("192.168.0.0/16", PRIVATE, "private"),
            rule("198.18.0.0/15", BENCHMARKING, "benchmarking space"),
            rule("198.51.100.0/24", DOCUMENTATION, "documentation space"),
            rule("203.0.113.0/24", DOCUMENTATION, "documentation space"),
            rule("224.0.0.0/4", MULTICAST, "multicast"),
            rule("255.255.255.255", BROADCAST, "the limited broadcast address"),
            rule("240.0.0.0/4", RESERVED, "reserved space"));

    /** Single addresses, judged before the embedded-IPv4 forms because {@code ::/96} holds two. */
    private static final List<Rule> IPV6_EXACT = List.of(
            rule("fd00:ec2::254", METADATA, "the AWS metadata address"),
            rule("fd00:ec2::23", METADATA, "the EKS pod identity agent address"),
            rule("fd20:ce::254", METADATA, "the GCP metadata address"),
            rule("::", UNSPECIFIED, "the unspecified address"),
            rule("::1", LOOPBACK, "loopback"));

    private static final List<Rule> IPV6 = List.of(
            rule("64:ff9b:1::/48", PRIVATE, "NAT64 local-use space"),
            rule("100::/64", RESERVED, "discard-only space"),
            rule("2001:2::/48", BENCHMARKING, "benchmarking space"),
            rule("2001:db8::/32", DOCUMENTATION, "documentation space"),
            rule("2001::/23", RESERVED, "IETF protocol assignment space"),
            rule("3fff::/20", DOCUMENTATION, "documentation space"),
            rule("fc00::/7", PRIVATE, "unique-local (private)"),
            rule("fe80::/10", LINK_LOCAL, "link-local"),
            rule("fec0::/10", PRIVATE, "deprecated site-local (private)"),
            rule("ff00::/8", MULTICAST, "multicast"));

    private static final Cidr GLOBAL_UNICAST = Cidr.of("2000::/3");
    private static final Cidr MAPPED = Cidr.of("::ffff:0:0/96");
    private static final Cidr NAT64 = Cidr.of("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.of("2002::/16");
    private static final Cidr TEREDO = Cidr.of("2001::/32");
    private static final Cidr COMPATIBLE = Cidr.of("::/96");
    private static final Cidr TRANSLATED = Cidr.of("::ffff:0:0:0/96");

    private DestinationGuard() {}

    /** Whether the vault may connect to {@code address}, and if not, why. */
    public static DestinationVerdict check(InetAddress address) {
        requireNonNull(address, "address");
        byte[] bytes = address.getAddress();
        Refusal refusal = bytes.length == 4 ? ipv4(bytes) : ipv6(bytes);
        if (refusal == null) {
            return new DestinationVerdict.Allowed(address);
        }
        return new DestinationVerdict.Refused(address, refusal.reason(), refusal.detail());
    }

    private record Refusal(RefusalReason reason, String detail) {}

    private static @Nullable Refusal ipv4(byte[] bytes) {
        Rule rule = ipv4Rule(bytes);
        return rule == null ? null : refusal(bytes, rule);
    }

    private static @Nullable Rule ipv4Rule(byte[] bytes) {
        for (Rule rule : IPV4) {
            if (rule.range().contains(bytes)) {
                return rule;
            }
        }
        return null;
    }

    private static @Nullable Refusal ipv6(byte[] bytes) {
        for (Rule rule : IPV6_EXACT) {
            if (rule.range().contains(bytes)) {
                return refusal(bytes, rule);
            }
        }
        if (MAPPED.contains(bytes)) {
            return embedded(bytes, "an IPv4-mapped address", 12, false, null);
        }
        if (NAT64.contains(bytes)) {
            return embedded(bytes, "a NAT64 address", 12, false, null);
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            Refusal inner = embedded(bytes, "a 6to4 address", 2, false, null);
            if (inner != null) {
                return inner;
            }
        }
        if (TEREDO.contains(bytes)) {
            // The Teredo client's IPv4 address is stored with every bit inverted (RFC 4380).
            return embedded(bytes, "a Teredo address", 12, true, "Teredo tunnelling");
        }
        if (COMPATIBLE.contains(bytes)) {
            return embedded(
                    bytes, "a deprecated IPv4-compatible address", 12, false, "deprecated IPv4-compatible space");
        }
        if (TRANSLATED.contains(bytes)) {
            return embedded(bytes, "an IPv4-translated address", 12, false, "IPv4-translated (SIIT) space");
        }
        for (Rule rule : IPV6) {
            if (rule.range().contains(bytes)) {
                return refusal(bytes, rule);
            }
        }
        if (!GLOBAL_UNICAST.contains(bytes)) {
            return new Refusal(RESERVED, text(bytes) + " is outside global unicast space (2000::/3)");
        }
        return null;
    }

    /**
     * Judges the IPv4 address inside an IPv6 one. With {@code alwaysRefused} null an allowed inner
     * address allows the outer one; otherwise the outer one is refused as reserved.
     */
    private static @Nullable Refusal embedded(
            byte[] bytes, String kind, int offset, boolean inverted, @Nullable String alwaysRefused) {
        byte[] inner = Arrays.copyOfRange(bytes, offset, offset + 4);
        if (inverted) {
            for (int i = 0; i < 4; i++) {
                inner[i] = (byte) ~inner[i];
            }
        }
        Rule rule = ipv4Rule(inner);
        if (rule != null) {
            return new Refusal(
                    rule.reason(),
                    text(bytes) + " is " + kind + " embedding " + text(inner) + ", which is " + rule.what() + " ("
                            + rule.range() + ")");
        }
        if (alwaysRefused != null) {
            return new Refusal(RESERVED, text(bytes) + " is in " + alwaysRefused);
        }
        return null;
    }

    private static Refusal refusal(byte[] bytes, Rule rule) {
        return new Refusal(rule.reason(), text(bytes) + " is " + rule.what() + " (" + rule.range() + ")");
    }

    private static String text(byte[] bytes) {
        return IpLiterals.format(bytes);
    }

    private static Rule rule(String range, RefusalReason reason, String what) {
        return new Rule(Cidr.of(range), reason, what);
    }
}
