package dev.lap.vault.host;

import java.util.Arrays;

/** An address range written {@code network/bits}, matched against raw address bytes. */
final class Cidr {
    private final byte[] network;
    private final int bits;

    private Cidr(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    /** Reads a range from this package's own tables; a typo there is a bug, so it throws. */
    static Cidr of(String text) {
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes;
        if (address.indexOf(':') >= 0) {
            bytes = IpLiterals.parseIpv6(address);
        } else {
            long v4 = IpLiterals.parseStrictDottedQuad(address);
            bytes = v4 < 0 ? null : IpLiterals.ipv4Bytes(v4);
        }
        if (bytes == null) {
            throw new IllegalArgumentException("bad range " + text);
        }
        int bits = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > bytes.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + text);
        }
        return new Cidr(bytes, bits);
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int whole = bits / 8;
        if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
            return false;
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
        return IpLiterals.format(network) + "/" + bits;
    }
}
