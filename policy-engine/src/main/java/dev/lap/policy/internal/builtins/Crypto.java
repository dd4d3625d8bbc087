package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.StringValue;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Digests and HMACs of strings' UTF-8 bytes, as lower-case hex; the JDK provides every algorithm. */
final class Crypto {
    private Crypto() {}

    static void register(BuiltinRegistry r) {
        digest(r, "crypto.md5", "MD5");
        digest(r, "crypto.sha1", "SHA-1");
        digest(r, "crypto.sha256", "SHA-256");
        hmac(r, "crypto.hmac.md5", "HmacMD5");
        hmac(r, "crypto.hmac.sha1", "HmacSHA1");
        hmac(r, "crypto.hmac.sha256", "HmacSHA256");
        hmac(r, "crypto.hmac.sha512", "HmacSHA512");
        // Constant-time, so that comparing a MAC does not leak how much of it matched.
        r.register(
                "crypto.hmac.equal",
                List.of(Type.STRING, Type.STRING),
                Type.BOOLEAN,
                (a, ctx) -> BooleanValue.of(MessageDigest.isEqual(utf8(string(a, 0)), utf8(string(a, 1)))));
    }

    private static void digest(BuiltinRegistry r, String name, String algorithm) {
        r.register(name, List.of(Type.STRING), Type.STRING, (a, ctx) -> {
            try {
                byte[] sum = MessageDigest.getInstance(algorithm).digest(utf8(string(a, 0)));
                return StringValue.of(HexFormat.of().formatHex(sum));
            } catch (GeneralSecurityException e) {
                throw BuiltinException.failed(name, e.getMessage());
            }
        });
    }

    private static void hmac(BuiltinRegistry r, String name, String algorithm) {
        r.register(name, List.of(Type.STRING, Type.STRING), Type.STRING, (a, ctx) -> {
            try {
                Mac mac = Mac.getInstance(algorithm);
                byte[] key = utf8(string(a, 1));
                // An empty key is valid for HMAC, but SecretKeySpec refuses one; HMAC pads keys with zeros.
                mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
                return StringValue.of(HexFormat.of().formatHex(mac.doFinal(utf8(string(a, 0)))));
            } catch (GeneralSecurityException e) {
                throw BuiltinException.failed(name, e.getMessage());
            }
        });
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
