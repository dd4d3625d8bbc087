package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code uuid.rfc4122} (a random version 4 UUID, the same for the same key throughout one
 * evaluation) and {@code uuid.parse} (the fields of a UUID in any form Google's Go parser reads).
 */
final class Uuids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 100-nanosecond intervals between the Gregorian epoch (1582-10-15) and the Unix epoch. */
    private static final long GREGORIAN_OFFSET = 122_192_928_000_000_000L;

    private Uuids() {}

    /** The memo key for one {@code uuid.rfc4122} argument. */
    private record Rfc4122Key(Value key) {}

    static void register(BuiltinRegistry r) {
        r.registerNondeterministic(
                "uuid.rfc4122",
                List.of(Type.STRING),
                Type.STRING,
                (a, ctx) -> ctx.memo(new Rfc4122Key(a[0]), k -> StringValue.of(random())));
        r.register("uuid.parse", List.of(Type.STRING), Type.OBJECT, (a, ctx) -> {
            byte[] u = bytes(string(a, 0));
            return u == null ? null : describe(u);
        });
    }

    private static String random() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        b[6] = (byte) ((b[6] & 0x0f) | 0x40);
        b[8] = (byte) ((b[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(b);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    /**
     * The 16 bytes of {@code xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, its {@code urn:uuid:} form, a
     * 38-character form whose first and last characters are ignored (braces, usually), or 32 bare
     * hex digits; null for anything else.
     */
    private static byte @Nullable [] bytes(String s) {
        String hex;
        switch (s.length()) {
            case 36 + 9 -> {
                if (!s.substring(0, 9).toLowerCase(Locale.ROOT).equals("urn:uuid:")) {
                    return null;
                }
                hex = dashed(s.substring(9));
            }
            case 36 + 2 -> hex = dashed(s.substring(1, 37));
            case 36 -> hex = dashed(s);
            case 32 -> hex = s;
            default -> {
                return null;
            }
        }
        if (hex == null || !hex.matches("[0-9a-fA-F]{32}")) {
            return null;
        }
        return HexFormat.of().parseHex(hex);
    }

    private static @Nullable String dashed(String s) {
        if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
            return null;
        }
        return s.replace("-", "");
    }

    private static ObjectValue describe(byte[] u) {
        int version = (u[6] & 0xff) >> 4;
        ObjectValue.Builder out = ObjectValue.builder();
        out.put("version", NumberValue.of(version));
        out.put("variant", StringValue.of(variant(u[8] & 0xff)));
        if (version == 1 || version == 2) {
            long time = (u32(u, 0)) | ((long) u16(u, 4) << 32) | ((long) (u16(u, 6) & 0xfff) << 48);
            long sinceUnix = time - GREGORIAN_OFFSET;
            out.put("time", NumberValue.of(sinceUnix / 10_000_000L * 1_000_000_000L + sinceUnix % 10_000_000L * 100));
            out.put("clocksequence", NumberValue.of(u16(u, 8) & 0x3fff));
            out.put("macvariables", StringValue.of(macVariables(u[10] & 0xff)));
            StringBuilder node = new StringBuilder();
            for (int i = 10; i < 16; i++) {
                node.append(i > 10 ? "-" : "").append(HexFormat.of().toHexDigits(u[i]));
            }
            out.put("nodeid", StringValue.of(node.toString()));
            if (version == 2) {
                out.put("id", NumberValue.of(u32(u, 0)));
                int domain = u[9] & 0xff;
                out.put(
                        "domain",
                        StringValue.of(
                                switch (domain) {
                                    case 0 -> "Person";
                                    case 1 -> "Group";
                                    case 2 -> "Org";
                                    default -> "Domain" + domain;
                                }));
            }
        }
        return out.build();
    }

    private static String variant(int b) {
        if ((b & 0xc0) == 0x80) {
            return "RFC4122";
        }
        if ((b & 0xe0) == 0xe0) {
            return "Future";
        }
        if ((b & 0xe0) == 0xc0) {
            return "Microsoft";
        }
        return "Reserved";
    }

    private static String macVariables(int b) {
        if ((b & 0b11) == 0b11) {
            return "local:multicast";
        }
        if ((b & 0b01) == 0b01) {
            return "global:multicast";
        }
        if ((b & 0b10) == 0b10) {
            return "local:unicast";
        }
        return "global:unicast";
    }

    private static long u32(byte[] b, int at) {
        return ((long) u16(b, at) << 16) | u16(b, at + 2);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
