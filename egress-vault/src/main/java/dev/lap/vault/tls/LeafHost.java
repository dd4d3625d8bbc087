package dev.lap.vault.tls;

import static java.util.Objects.requireNonNull;

import dev.lap.vault.host.CanonicalHost;
import dev.lap.vault.host.ParseResult;
import io.netty.util.NetUtil;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * The name a leaf certificate is minted for: a {@link CanonicalHost}, the one spelling the vault
 * uses everywhere. An IP literal must be named in an iPAddress SAN: clients never match an IP
 * against a dNSName.
 */
record LeafHost(CanonicalHost host) {
    LeafHost {
        requireNonNull(host, "host");
    }

    /**
     * Reads a host as {@link CanonicalHost#parse} does (IPv6 with or without brackets).
     *
     * @throws IllegalArgumentException when {@code host} is not a host name or IP literal
     *     (wildcards are never minted)
     */
    static LeafHost parse(String host) {
        return switch (CanonicalHost.parse(host)) {
            case ParseResult.Ok<CanonicalHost> ok -> new LeafHost(ok.value());
            case ParseResult.Invalid<CanonicalHost> bad ->
                throw new IllegalArgumentException("not a host name: " + bad.reason());
        };
    }

    String name() {
        return host.name();
    }

    GeneralName subjectAltName() {
        return host.isLiteral()
                ? new GeneralName(
                        GeneralName.iPAddress, new DEROctetString(NetUtil.createByteArrayFromIpAddressString(name())))
                : new GeneralName(GeneralName.dNSName, name());
    }
}
