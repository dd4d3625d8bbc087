package dev.lap.vault.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

    @ParameterizedTest(name = "{0} is refused as {1}")
    @CsvSource({
        "127.0.0.1, loopback",
        "127.255.255.254, loopback",
        "0.0.0.0, unspecified",
        "0.1.2.3, unspecified",
        "10.0.0.1, private",
        "10.255.255.255, private",
        "172.16.0.1, private",
        "172.31.255.255, private",
        "192.168.1.1, private",
        "169.254.0.1, link-local",
        "169.254.169.253, link-local",
        "100.64.0.1, cgnat",
        "100.127.255.255, cgnat",
        "169.254.169.254, metadata",
        "169.254.170.2, metadata",
        "100.100.100.200, metadata",
        "192.0.0.192, metadata",
        "168.63.129.16, metadata",
        "224.0.0.1, multicast",
        "239.255.255.250, multicast",
        "255.255.255.255, broadcast",
        "240.0.0.1, reserved",
        "255.255.255.254, reserved",
        "192.0.0.8, reserved",
        "192.88.99.1, reserved",
        "198.18.0.1, benchmarking",
        "198.19.255.255, benchmarking",
        "192.0.2.1, documentation",
        "198.51.100.7, documentation",
        "203.0.113.9, documentation",
        // IPv6
        "::1, loopback",
        "::, unspecified",
        "fc00::1, private",
        "fd12:3456::1, private",
        "fec0::1, private",
        "fe80::1, link-local",
        "febf::1, link-local",
        "ff02::1, multicast",
        "fd00:ec2::254, metadata",
        "fd00:ec2::23, metadata",
        "fd20:ce::254, metadata",
        "2001:db8::1, documentation",
        "3fff::1, documentation",
        "2001:2::1, benchmarking",
        "2001:10::1, reserved",
        "100::1, reserved",
        "64:ff9b:1::a00:1, private",
        "4000::1, reserved",
        "5f00::1, reserved",
        // IPv6 carrying a forbidden IPv4 address
        "::ffff:127.0.0.1, loopback",
        "::ffff:169.254.169.254, metadata",
        "::ffff:10.1.2.3, private",
        "64:ff9b::127.0.0.1, loopback",
        "64:ff9b::169.254.169.254, metadata",
        "2002:7f00:1::, loopback",
        "2002:a9fe:a9fe::1, metadata",
        "2002:c0a8:101::1, private",
        "2001:0:4136:e378:8000:63bf:80ff:fffe, loopback",
        "2001:0:4136:e378:8000:63bf:f7f7:f7f7, reserved",
        "::127.0.0.1, loopback",
        "::8.8.8.8, reserved",
        "::ffff:0:10.0.0.1, private",
        "::ffff:0:8.8.8.8, reserved"
    })
    void refuses(String address, String reason) throws Exception {
        assertThat(DestinationGuard.check(InetAddress.getByName(address)))
                .isInstanceOfSatisfying(
                        DestinationVerdict.Refused.class,
                        r -> assertThat(r.reason().code()).isEqualTo(reason));
    }

    @ParameterizedTest(name = "{0} is allowed")
    @ValueSource(
            strings = {
                "8.8.8.8",
                "1.1.1.1",
                "140.82.112.5",
                "9.255.255.255",
                "11.0.0.0",
                "100.63.255.255",
                "100.128.0.0",
                "169.253.255.255",
                "169.255.0.0",
                "172.15.255.255",
                "172.32.0.0",
                "192.0.1.255",
                "192.167.255.255",
                "192.169.0.0",
                "198.17.255.255",
                "198.20.0.0",
                "223.255.255.255",
                "126.255.255.255",
                "128.0.0.0",
                "2606:4700::1111",
                "2a00:1450:4001::200e",
                "2002:808:808::1",
                "64:ff9b::8.8.8.8",
                "::ffff:8.8.8.8"
            })
    void allows(String address) throws Exception {
        assertThat(DestinationGuard.check(InetAddress.getByName(address)))
                .isInstanceOf(DestinationVerdict.Allowed.class);
    }

    @Test
    void ipv4MappedInet6AddressIsJudgedAsItsIpv4Address() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        // InetAddress.getByAddress would hand back an Inet4Address; a resolver can still produce this.
        Inet6Address address = Inet6Address.getByAddress(null, mapped, -1);
        assertThat(DestinationGuard.check(address))
                .isInstanceOfSatisfying(
                        DestinationVerdict.Refused.class,
                        r -> assertThat(r.detail())
                                .isEqualTo(
                                        "::ffff:127.0.0.1 is an IPv4-mapped address embedding 127.0.0.1, which is loopback"
                                                + " (127.0.0.0/8)"));
    }

    @Test
    void detailNamesTheAddressAndItsRange() throws Exception {
        assertThat(DestinationGuard.check(InetAddress.getByName("169.254.169.254")))
                .isEqualTo(new DestinationVerdict.Refused(
                        InetAddress.getByName("169.254.169.254"),
                        RefusalReason.METADATA,
                        "169.254.169.254 is the cloud metadata address (AWS, GCP, Azure, OpenStack)"
                                + " (169.254.169.254/32)"));
    }
}
