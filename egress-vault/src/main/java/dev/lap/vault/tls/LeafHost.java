package dev.lap.vault.tls;

import io.netty.util.NetUtil;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The name a leaf certificate is minted for: a DNS name (lower case, no trailing dot) or an IP
 * literal (RFC 5952 text, no brackets). An IP literal must be named in an iPAddress SAN: clients
 * never match an IP against a dNSName.
 */
record LeafHost(String name, boolean ipLiteral) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    /**
     * @throws IllegalArgumentException when {@code host} is neither an IP literal nor a DNS name
     *     of ASCII labels (the caller converts IDNs to A-labels; wildcards are never minted)
     */
    static LeafHost parse(String host) {
        String name = host;
        if (name.length() > 2 && name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        byte[] address = NetUtil.createByteArrayFromIpAddressString(name);
        if (address != null) {
            return new LeafHost(NetUtil.bytesToIpAddress(address), true);
        }
        name = name.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.length() > 253) {
            throw new IllegalArgumentException("not a host name: '" + host + "'");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("not a host name: '" + host + "' (label '" + label + "')");
            }
        }
        return new LeafHost(name, false);
    }

    GeneralName subjectAltName() {
        return ipLiteral
                ? new GeneralName(
                        GeneralName.iPAddress, new DEROctetString(NetUtil.createByteArrayFromIpAddressString(name)))
                : new GeneralName(GeneralName.dNSName, name);
    }
}
