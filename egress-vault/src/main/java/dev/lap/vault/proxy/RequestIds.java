package dev.lap.vault.proxy;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Request ids: 96 random bits in hex. They appear in refusals, audit events and spans, so a
 * developer holding a 403 body can find the audit row that explains it.
 */
final class RequestIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {}

    static String next() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
