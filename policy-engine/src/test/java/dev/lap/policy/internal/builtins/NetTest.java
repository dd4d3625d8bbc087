package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.BuiltinCalls.call;
import static dev.lap.policy.internal.builtins.BuiltinCalls.failure;
import static dev.lap.policy.internal.builtins.BuiltinCalls.json;
import static dev.lap.policy.internal.builtins.BuiltinCalls.num;
import static dev.lap.policy.internal.builtins.BuiltinCalls.str;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.policy.RegoError;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.SetValue;
import org.junit.jupiter.api.Test;

class NetTest {
    @Test
    void cidrContainsNetworksAndAddresses() throws Exception {
        assertThat(call("net.cidr_contains", str("10.0.0.0/8"), str("10.1.0.0/24")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_contains", str("172.17.0.0/24"), str("172.17.0.0/16")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("net.cidr_contains", str("10.0.0.0/8"), str("10.1.2.3")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_contains", str("10.0.0.0/8"), str("192.168.1.1")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("net.cidr_contains", str("2001:4860:4860::8888/32"), str("2001:4860:4860:1234::8888/40")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_contains", str("2001:4860::/96"), str("2001:4860::/32")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("net.cidr_contains", str("2001:4860::/32"), str("fd1e:5bfe:8af3:9ddc::/64")))
                .isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void invalidCidrIsABuiltinError() {
        BuiltinException e = failure("net.cidr_contains", str("not-a-cidr"), str("192.168.1.67"));
        assertThat(e.code()).isEqualTo(RegoError.EVAL_BUILTIN);
        assertThat(e.getMessage()).isEqualTo("net.cidr_contains: invalid CIDR address: not-a-cidr");
    }

    @Test
    void cidrIntersectsAndIsValid() throws Exception {
        assertThat(call("net.cidr_intersects", str("192.168.1.0/25"), str("192.168.1.64/25")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_intersects", str("192.168.1.0/24"), str("192.168.2.0/24")))
                .isEqualTo(BooleanValue.FALSE);
        assertThat(call("net.cidr_intersects", str("fd1e:5bfe:8af3:9ddc::/64"), str("fd1e:5bfe:8af3:9ddc:1111::/72")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_is_valid", str("2002::1234:abcd:ffff:c0a8:101/64")))
                .isEqualTo(BooleanValue.TRUE);
        assertThat(call("net.cidr_is_valid", str("192.168.1.2"))).isEqualTo(BooleanValue.FALSE);
        assertThat(call("net.cidr_is_valid", str("010.1.1.1/8"))).isEqualTo(BooleanValue.FALSE);
    }

    @Test
    void cidrExpandListsEveryAddress() throws Exception {
        assertThat(call("net.cidr_expand", str("172.16.100.255/30")))
                .isEqualTo(SetValue.of(
                        str("172.16.100.252"), str("172.16.100.253"), str("172.16.100.254"), str("172.16.100.255")));
        assertThat(call("net.cidr_expand", str("2001:db8::/127")))
                .isEqualTo(SetValue.of(str("2001:db8::"), str("2001:db8::1")));
        assertThat(failure("net.cidr_expand", str("192.168.1.1/33")).getMessage())
                .isEqualTo("net.cidr_expand: invalid CIDR address: 192.168.1.1/33");
    }

    @Test
    void cidrContainsMatchesPairsKeys() throws Exception {
        assertThat(call(
                        "net.cidr_contains_matches",
                        json("[[\"1.1.2.0/24\", 1], \"1.1.1.0/24\"]"),
                        json("[\"1.1.1.1\", \"1.1.2.1\"]")))
                .isEqualTo(SetValue.of(ArrayValue.of(num(0), num(1)), ArrayValue.of(num(1), num(0))));
        assertThat(call(
                        "net.cidr_contains_matches",
                        json("{\"k1\": \"1.1.1.1/24\", \"k2\": [\"1.1.1.2/24\", 1]}"),
                        str("1.1.1.128")))
                .isEqualTo(SetValue.of(
                        ArrayValue.of(str("k1"), str("1.1.1.128")), ArrayValue.of(str("k2"), str("1.1.1.128"))));
        assertThat(failure("net.cidr_contains_matches", json("[\"1.1.1.0/24\"]"), json("[[]]"))
                        .getMessage())
                .isEqualTo("net.cidr_contains_matches: operand 2: element must be string or non-empty array");
    }

    @Test
    void cidrMergeJoinsAdjacentAndContainedNetworks() throws Exception {
        assertThat(call("net.cidr_merge", json("[\"192.0.128.0/24\", \"192.0.129.0/24\"]")))
                .isEqualTo(SetValue.of(str("192.0.128.0/23")));
        assertThat(call("net.cidr_merge", json("[\"192.0.2.112/30\", \"192.0.2.116/31\", \"192.0.2.118/31\"]")))
                .isEqualTo(SetValue.of(str("192.0.2.112/29")));
        assertThat(call("net.cidr_merge", json("[\"192.0.2.112/30\", \"192.0.2.116/32\", \"192.0.2.118/31\"]")))
                .isEqualTo(SetValue.of(str("192.0.2.112/30"), str("192.0.2.116/32"), str("192.0.2.118/31")));
        assertThat(call("net.cidr_merge", json("[\"192.0.128.0/24\", \"0.0.0.0/0\"]")))
                .isEqualTo(SetValue.of(str("0.0.0.0/0")));
    }

    @Test
    void cidrMergeGivesBareAddressesTheirClassfulPrefix() throws Exception {
        assertThat(call("net.cidr_merge", json("[\"10.1.2.3\"]"))).isEqualTo(SetValue.of(str("10.1.2.3/8")));
        assertThat(failure("net.cidr_merge", json("[\"2601:600::1\"]")).getMessage())
                .isEqualTo("net.cidr_merge: IPv6 invalid: needs prefix length");
    }
}
