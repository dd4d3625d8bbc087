package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.SetValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code net.cidr_*} builtins. Addresses are parsed as Go's {@code net.ParseIP} and {@code
 * net.ParseCIDR} parse them (no leading zeros in IPv4 octets, no zones), and printed as Go prints
 * them, since OPA's results and error messages are Go's.
 */
final class Net {
    /** Expanding more addresses than this would exhaust memory; OPA would run until cancelled. */
    private static final int MAX_EXPANSION_BITS = 24;

    private Net() {}

    /** A network: its address (4 or 16 bytes) with the host bits cleared, and the prefix length. */
    record Cidr(byte[] network, int prefix) {
        BigInteger first() {
            return new BigInteger(1, network);
        }

        BigInteger last() {
            int hostBits = network.length * 8 - prefix;
            return first().or(BigInteger.ONE.shiftLeft(hostBits).subtract(BigInteger.ONE));
        }

        boolean contains(byte[] ip) {
            if (ip.length != network.length) {
                return false;
            }
            BigInteger x = new BigInteger(1, ip);
            return x.compareTo(first()) >= 0 && x.compareTo(last()) <= 0;
        }
    }

    static void register(BuiltinRegistry r) {
        List<Type> s2 = List.of(Type.STRING, Type.STRING);
        r.register(
                "net.cidr_contains",
                s2,
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(contains("net.cidr_contains", string(a, 0), string(a, 1))));
        r.register("net.cidr_intersects", s2, Type.BOOLEAN, (a, ctx) -> {
            Cidr x = cidr("net.cidr_intersects", string(a, 0));
            Cidr y = cidr("net.cidr_intersects", string(a, 1));
            return BooleanValue.of(x.network.length == y.network.length
                    && x.first().compareTo(y.last()) <= 0
                    && y.first().compareTo(x.last()) <= 0);
        });
        r.register(
                "net.cidr_is_valid",
                List.of(Type.ANY),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(a[0] instanceof StringValue s && parseCidr(s.value()) != null));
        r.register("net.cidr_expand", List.of(Type.STRING), Type.SET, (a, ctx) -> expand(string(a, 0)));
        // The deprecated name of net.cidr_contains.
        r.registerRemovedInV1(
                "net.cidr_overlap",
                s2,
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(contains("net.cidr_overlap", string(a, 0), string(a, 1))));
        // Declared as any: OPA reports a non-collection with its own wording.
        r.register("net.cidr_merge", List.of(Type.ANY), Type.SET, (a, ctx) -> merge(a[0]));
        Type operand = Type.oneOf(Type.STRING, Type.ARRAY, Type.OBJECT, Type.SET);
        r.register("net.cidr_contains_matches", List.of(operand, operand), Type.SET, (a, ctx) -> containsMatches(a));
    }

    private static boolean contains(String name, String network, String member) throws BuiltinException {
        Cidr n = cidr(name, network);
        byte[] ip = parseIp(member);
        if (ip != null) {
            return n.contains(ip);
        }
        Cidr m = cidr(name, member);
        return m.network.length == n.network.length
                && n.first().compareTo(m.first()) <= 0
                && n.last().compareTo(m.last()) >= 0;
    }

    static Cidr cidr(String name, String text) throws BuiltinException {
        Cidr c = parseCidr(text);
        if (c == null) {
            throw BuiltinException.failed(name, "invalid CIDR address: " + text);
        }
        return c;
    }

    static @Nullable Cidr parseCidr(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return null;
        }
        byte[] ip = parseIp(text.substring(0, slash));
        String bits = text.substring(slash + 1);
        if (ip == null || bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        int prefix = Integer.parseInt(bits);
        if (prefix > ip.length * 8) {
            return null;
        }
        byte[] network = ip.clone();
        for (int i = 0; i < network.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            network[i] &= (byte) (0xFF << (8 - keep));
        }
        return new Cidr(network, prefix);
    }

    /** 4 bytes for IPv4 (and IPv4-mapped IPv6), 16 for IPv6; {@code null} if invalid. */
    static byte @Nullable [] parseIp(String s) {
        if (s.indexOf(':') < 0) {
            return parseIpv4(s);
        }
        byte[] v6 = parseIpv6(s);
        if (v6 != null && isV4Mapped(v6)) {
            return java.util.Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xFF && ip[11] == (byte) 0xFF;
    }

    private static byte @Nullable [] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
                return null;
            }
            if (!p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte @Nullable [] parseIpv6(String s) {
        byte[] out = new byte[16];
        int gap = -1;
        int at = 0;
        int i = 0;
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (i == s.length()) {
                return out;
            }
        }
        while (i < s.length()) {
            int end = i;
            while (end < s.length() && Character.digit(s.charAt(end), 16) >= 0) {
                end++;
            }
            if (end < s.length() && s.charAt(end) == '.') {
                // A trailing dotted IPv4 fills the last 32 bits.
                byte[] v4 = parseIpv4(s.substring(i));
                if (v4 == null || at + 4 > 16) {
                    return null;
                }
                System.arraycopy(v4, 0, out, at, 4);
                at += 4;
                i = s.length();
                break;
            }
            if (end == i || end - i > 4 || at + 2 > 16) {
                return null;
            }
            int v = Integer.parseInt(s.substring(i, end), 16);
            out[at++] = (byte) (v >> 8);
            out[at++] = (byte) v;
            i = end;
            if (i == s.length()) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < s.length() && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = at;
                i++;
                if (i == s.length()) {
                    break;
                }
            } else if (i == s.length()) {
                return null;
            }
        }
        if (at < 16) {
            if (gap < 0) {
                return null;
            }
            int move = at - gap;
            System.arraycopy(out, gap, out, 16 - move, move);
            java.util.Arrays.fill(out, gap, 16 - move, (byte) 0);
        } else if (gap >= 0) {
            return null;
        }
        return out;
    }

    private static SetValue expand(String text) throws BuiltinException {
        Cidr c = cidr("net.cidr_expand", text);
        int hostBits = c.network.length * 8 - c.prefix;
        if (hostBits > MAX_EXPANSION_BITS) {
            throw BuiltinException.failed("net.cidr_expand", "CIDR " + text + " has too many addresses to expand");
        }
        SetValue.Builder b = SetValue.builder();
        BigInteger first = c.first();
        for (long i = 0; i < (1L << hostBits); i++) {
            b.add(StringValue.of(format(toBytes(first.add(BigInteger.valueOf(i)), c.network.length))));
        }
        return b.build();
    }

    private static byte[] toBytes(BigInteger v, int length) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[length];
        int n = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - n, out, length - n, n);
        return out;
    }

    /** Go's {@code IP.String}: dotted IPv4, or IPv6 with the longest run of zero groups as {@code ::}. */
    static String format(byte[] ip) {
        if (ip.length == 4) {
            return (ip[0] & 0xFF) + "." + (ip[1] & 0xFF) + "." + (ip[2] & 0xFF) + "." + (ip[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((ip[2 * i] & 0xFF) << 8) | (ip[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    /** A block to merge: its first and last addresses, and its original text while it stands alone. */
    private record Block(
            BigInteger first,
            BigInteger last,
            int length,
            @Nullable String text) {}

    /**
     * The fewest CIDRs covering the operand's networks and addresses. An IPv4 address alone takes
     * its classful network's prefix, as Go's {@code DefaultMask} gives it, and keeps its host bits
     * when it merges with nothing; an IPv6 address needs a prefix.
     */
    private static SetValue merge(Value operand) throws BuiltinException {
        String name = "net.cidr_merge";
        if (!(operand instanceof ArrayValue) && !(operand instanceof SetValue)) {
            throw BuiltinException.failed(name, "operand must be an array");
        }
        List<Block> blocks = new ArrayList<>();
        for (Value v : Operands.elements(operand)) {
            if (!(v instanceof StringValue s)) {
                throw BuiltinException.failed(name, "element must be string");
            }
            byte[] ip = parseIp(s.value());
            if (ip != null && ip.length == 16) {
                throw BuiltinException.failed(name, "IPv6 invalid: needs prefix length");
            }
            Cidr c;
            String text;
            if (ip != null) {
                int first = ip[0] & 0xFF;
                int prefix = first < 0x80 ? 8 : first < 0xC0 ? 16 : 24;
                c = parseCidr(format(ip) + "/" + prefix);
                text = format(ip) + "/" + prefix;
            } else {
                c = cidr(name, s.value());
                text = format(c.network()) + "/" + c.prefix();
            }
            blocks.add(new Block(c.first(), c.last(), c.network().length, text));
        }
        blocks.sort(Comparator.comparing(Block::last).thenComparing(Block::first));
        for (int i = blocks.size() - 1; i > 0; i--) {
            Block cur = blocks.get(i);
            Block prev = blocks.get(i - 1);
            if (cur.first().subtract(BigInteger.ONE).compareTo(prev.last()) <= 0) {
                BigInteger first = prev.first().min(cur.first());
                blocks.set(i - 1, new Block(first, cur.last(), cur.length(), null));
                blocks.remove(i);
            }
        }
        SetValue.Builder out = SetValue.builder();
        for (Block b : blocks) {
            if (b.text() != null) {
                out.add(StringValue.of(b.text()));
                continue;
            }
            BigInteger first = b.first();
            int bits = b.length() * 8;
            while (first.compareTo(b.last()) <= 0) {
                int size = first.signum() == 0 ? bits : Math.min(first.getLowestSetBit(), bits);
                while (first.add(BigInteger.ONE.shiftLeft(size))
                                .subtract(BigInteger.ONE)
                                .compareTo(b.last())
                        > 0) {
                    size--;
                }
                out.add(StringValue.of(format(toBytes(first, b.length())) + "/" + (bits - size)));
                first = first.add(BigInteger.ONE.shiftLeft(size));
            }
        }
        return out.build();
    }

    /** Pairs of keys whose CIDR in the first operand contains the CIDR or address in the second. */
    private static SetValue containsMatches(Value[] a) throws BuiltinException {
        List<Value[]> networks = matchTerms(a[0], 1);
        List<Value[]> members = matchTerms(a[1], 2);
        SetValue.Builder out = SetValue.builder();
        for (Value[] n : networks) {
            for (Value[] m : members) {
                if (contains("net.cidr_contains_matches", cidrText(n[0]), cidrText(m[0]))) {
                    out.add(ArrayValue.of(n[1], m[1]));
                }
            }
        }
        return out.build();
    }

    private static String cidrText(Value v) throws BuiltinException {
        if (v instanceof StringValue s) {
            return s.value();
        }
        throw Operands.typeError("net.cidr_contains_matches", 1, v, "string");
    }

    /** (cidr, key) pairs: a string is its own key; arrays key by index, objects by key, sets by element. */
    private static List<Value[]> matchTerms(Value operand, int position) throws BuiltinException {
        List<Value[]> out = new ArrayList<>();
        switch (operand) {
            case StringValue s -> out.add(new Value[] {s, s});
            case ArrayValue arr -> {
                for (int i = 0; i < arr.size(); i++) {
                    out.add(new Value[] {matchCidr(arr.get(i), position), NumberValue.of(i)});
                }
            }
            case SetValue set -> {
                for (Value v : set.asList()) {
                    out.add(new Value[] {matchCidr(v, position), v});
                }
            }
            case ObjectValue o -> {
                for (int i = 0; i < o.size(); i++) {
                    out.add(new Value[] {matchCidr(o.valueAt(i), position), o.keyAt(i)});
                }
            }
            default -> throw new IllegalStateException("checked by the declaration");
        }
        return out;
    }

    private static Value matchCidr(Value element, int position) throws BuiltinException {
        if (element instanceof StringValue) {
            return element;
        }
        if (element instanceof ArrayValue arr && !arr.isEmpty()) {
            return arr.get(0);
        }
        throw BuiltinException.failed(
                "net.cidr_contains_matches", "operand " + position + ": element must be string or non-empty array");
    }
}
