package dev.lap.policy.internal.builtins;

import static dev.lap.policy.internal.builtins.Operands.string;

import com.nimbusds.jose.JOSEException;
import dev.lap.policy.internal.builtins.JwtKeys.KeyException;
import dev.lap.policy.internal.builtins.JwtKeys.VerificationKey;
import dev.lap.policy.value.ArrayValue;
import dev.lap.policy.value.BooleanValue;
import dev.lap.policy.value.Json;
import dev.lap.policy.value.NumberValue;
import dev.lap.policy.value.ObjectValue;
import dev.lap.policy.value.StringValue;
import dev.lap.policy.value.Value;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code io.jwt.*}: decoding, verifying and signing JSON Web Tokens (JWS compact serialization
 * only; JWE is refused). Keys are PEM certificates or public keys, or JWK / JWK set JSON; the
 * cryptography is nimbus-jose-jwt's and the JDK's (see {@link JwsAlgorithm}).
 */
final class Jwt {
    private Jwt() {}

    /** Header parameters {@code decode_verify} understands, so {@code crit} may name them. */
    private static final Set<String> KNOWN_HEADERS = Set.of("alg", "kid", "typ", "cty", "crit");

    private static final ArrayValue UNVERIFIED =
            ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);

    static void register(BuiltinRegistry r) {
        List<Type> s1 = List.of(Type.STRING);
        List<Type> s2 = List.of(Type.STRING, Type.STRING);
        r.register("io.jwt.decode", s1, Type.ARRAY, (a, ctx) -> decode("io.jwt.decode", string(a, 0)));
        r.registerNondeterministic(
                "io.jwt.decode_verify",
                List.of(Type.STRING, Type.OBJECT),
                Type.ARRAY,
                (a, ctx) -> decodeVerify(string(a, 0), (ObjectValue) a[1], ctx));
        for (JwsAlgorithm alg : JwsAlgorithm.values()) {
            String name = "io.jwt.verify_" + alg.name().toLowerCase(Locale.ROOT);
            r.register(name, s2, Type.BOOLEAN, (a, ctx) -> switch (alg) {
                case HS256, HS384, HS512 -> verifyHmac(name, alg, string(a, 0), string(a, 1));
                default -> verify(name, alg, string(a, 0), string(a, 1));
            });
        }
        // Nondeterministic as in OPA: ECDSA and RSASSA-PSS signatures are randomized.
        r.registerNondeterministic(
                "io.jwt.encode_sign",
                List.of(Type.OBJECT, Type.OBJECT, Type.OBJECT),
                Type.STRING,
                (a, ctx) -> StringValue.of(
                        encodeSign("io.jwt.encode_sign", Json.write(a[0]), Json.write(a[1]), Json.write(a[2]))));
        r.registerNondeterministic(
                "io.jwt.encode_sign_raw",
                List.of(Type.STRING, Type.STRING, Type.STRING),
                Type.STRING,
                (a, ctx) ->
                        StringValue.of(encodeSign("io.jwt.encode_sign_raw", string(a, 0), string(a, 1), string(a, 2))));
    }

    /** The three base64url sections of a compact JWS, undecoded. */
    private record Token(String header, String payload, String signature) {
        static Token split(String name, String jwt) throws BuiltinException {
            if (jwt.indexOf('.') < 0) {
                throw BuiltinException.failed(name, "encoded JWT had no period separators");
            }
            String[] parts = jwt.split("\\.", -1);
            if (parts.length != 3) {
                throw BuiltinException.failed(name, "encoded JWT must have 3 sections, found " + parts.length);
            }
            return new Token(parts[0], parts[1], parts[2]);
        }

        byte[] signingInput() {
            return (header + "." + payload).getBytes(StandardCharsets.UTF_8);
        }
    }

    // ---- io.jwt.decode

    private static ArrayValue decode(String name, String jwt) throws BuiltinException {
        while (true) {
            Token token = Token.split(name, jwt);
            ObjectValue header = header(name, token);
            String payload = section(name, "payload", token.payload());
            // A nested token (cty JWT) is decoded in turn; jwt.io quotes the inner token, so quotes go.
            if (header.get("cty") instanceof StringValue cty && cty.value().equals("JWT")) {
                jwt = trimQuotes(payload);
                continue;
            }
            ObjectValue claims = object(name, payload);
            byte[] signature = bytes(name, "signature", token.signature());
            return ArrayValue.of(header, claims, StringValue.of(HexFormat.of().formatHex(signature)));
        }
    }

    /** The decoded header, which must be a JSON object and not a JWE header. */
    private static ObjectValue header(String name, Token token) throws BuiltinException {
        String text = section(name, "header", token.header());
        ObjectValue header;
        try {
            header = JwtJson.object(text);
        } catch (IllegalArgumentException e) {
            throw BuiltinException.failed(name, "bad JWT header: " + e.getMessage());
        }
        // RFC 7516 section 9: a JWE header has "enc"; encrypted tokens are not supported.
        if (header.get("enc") != null) {
            throw BuiltinException.failed(name, "JWT is a JWE object, which is not supported");
        }
        return header;
    }

    private static ObjectValue object(String name, String json) throws BuiltinException {
        try {
            return JwtJson.object(json);
        } catch (IllegalArgumentException e) {
            throw BuiltinException.failed(name, e.getMessage());
        }
    }

    private static String section(String name, String what, String encoded) throws BuiltinException {
        return Encoding.goString(bytes(name, what, encoded));
    }

    private static byte[] bytes(String name, String what, String encoded) throws BuiltinException {
        try {
            return Encoding.base64url(name, encoded);
        } catch (BuiltinException e) {
            throw BuiltinException.failed(name, "JWT " + what + " had invalid encoding: " + detail(name, e));
        }
    }

    private static String detail(String name, BuiltinException e) {
        String message = String.valueOf(e.getMessage());
        return message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message;
    }

    private static String trimQuotes(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == '"' || s.charAt(from) == '\'')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == '"' || s.charAt(to - 1) == '\'')) {
            to--;
        }
        return s.substring(from, to);
    }

    // ---- io.jwt.verify_*

    /** HMAC: the secret is the string's bytes; the MAC is compared in constant time. */
    private static BooleanValue verifyHmac(String name, JwsAlgorithm alg, String jwt, String secret)
            throws BuiltinException {
        Token token = Token.split(name, jwt);
        byte[] signature = bytes(name, "signature", token.signature());
        return BooleanValue.of(alg.verify(secret.getBytes(StandardCharsets.UTF_8), token.signingInput(), signature));
    }

    /**
     * Asymmetric: the algorithm is the builtin's, whatever the header claims, so {@code alg: none}
     * or an HMAC {@code alg} in a token cannot downgrade the check. A key whose {@code kid} matches
     * the header's is tried alone; otherwise every key without an {@code alg}, or with the header's.
     */
    private static BooleanValue verify(String name, JwsAlgorithm alg, String jwt, String keyText)
            throws BuiltinException {
        Token token = Token.split(name, jwt);
        List<VerificationKey> keys = keys(name, keyText);
        byte[] signature = bytes(name, "signature", token.signature());
        ObjectValue header = header(name, token);
        String kid = header.get("kid") instanceof StringValue s ? s.value() : "";
        String headerAlg = header.get("alg") instanceof StringValue s ? s.value() : "";
        return BooleanValue.of(verified(alg, keys, kid, headerAlg, token.signingInput(), signature));
    }

    private static boolean verified(
            JwsAlgorithm alg, List<VerificationKey> keys, String kid, String headerAlg, byte[] input, byte[] sig) {
        if (!kid.isEmpty()) {
            for (VerificationKey key : keys) {
                if (key.kid().equals(kid)) {
                    return alg.verify(key.key(), input, sig);
                }
            }
        }
        for (VerificationKey key : keys) {
            if ((key.alg().isEmpty() || key.alg().equals(headerAlg)) && alg.verify(key.key(), input, sig)) {
                return true;
            }
        }
        return false;
    }

    private static List<VerificationKey> keys(String name, String text) throws BuiltinException {
        try {
            return JwtKeys.verificationKeys(text);
        } catch (KeyException e) {
            throw BuiltinException.failed(name, String.valueOf(e.getMessage()));
        }
    }

    // ---- io.jwt.decode_verify

    /** The constraints object: exactly one of {@code cert} and {@code secret}, and optional checks. */
    private record Constraints(
            @Nullable List<VerificationKey> keys, String secret, String alg, String iss, String aud, double time) {}

    private static Constraints constraints(String name, ObjectValue o, BuiltinContext ctx) throws BuiltinException {
        List<VerificationKey> keys = null;
        String secret = "";
        String alg = "";
        String iss = "";
        String aud = "";
        double time = Double.NaN;
        for (int i = 0; i < o.size(); i++) {
            String key = o.keyAt(i) instanceof StringValue s ? s.value() : Json.write(o.keyAt(i));
            Value v = o.valueAt(i);
            switch (key) {
                case "cert" -> keys = keys(name, constraintString(name, key, v));
                case "secret" -> secret = constraintString(name, key, v);
                case "alg" -> alg = constraintString(name, key, v);
                case "iss" -> iss = constraintString(name, key, v);
                case "aud" -> aud = constraintString(name, key, v);
                case "time" -> {
                    if (!(v instanceof NumberValue n)) {
                        throw BuiltinException.failed(name, "time constraint: must be a number");
                    }
                    time = n.doubleValue();
                }
                default -> throw BuiltinException.failed(name, "unknown token validation constraint: " + key);
            }
        }
        int keyConstraints = (keys != null ? 1 : 0) + (secret.isEmpty() ? 0 : 1);
        if (keyConstraints > 1) {
            throw BuiltinException.failed(name, "duplicate key constraints");
        }
        if (keyConstraints < 1) {
            throw BuiltinException.failed(name, "no key constraint");
        }
        return new Constraints(keys, secret, alg, iss, aud, Double.isNaN(time) ? (double) ctx.nowNanos() : time);
    }

    private static String constraintString(String name, String key, Value v) throws BuiltinException {
        if (!(v instanceof StringValue s)) {
            throw BuiltinException.failed(name, key + " constraint: must be a string");
        }
        return s.value();
    }

    private static ArrayValue decodeVerify(String jwt, ObjectValue constraintObject, BuiltinContext ctx)
            throws BuiltinException {
        String name = "io.jwt.decode_verify";
        Constraints c = constraints(name, constraintObject, ctx);
        ObjectValue header;
        String payload;
        while (true) {
            Token token = Token.split(name, jwt);
            header = header(name, token);
            // RFC 7515 4.1.1: alg is required; 4.1.11: a critical parameter we do not know invalidates.
            String alg = header.get("alg") instanceof StringValue s ? s.value() : "";
            if (alg.isEmpty() || !critUnderstood(header.get("crit"))) {
                return UNVERIFIED;
            }
            if (!c.alg().isEmpty() && !c.alg().equals(alg)) {
                return UNVERIFIED;
            }
            byte[] signature = bytes(name, "signature", token.signature());
            // "none" and anything else unknown is an error, never a token accepted unsigned.
            JwsAlgorithm algorithm = JwsAlgorithm.byName(alg);
            if (algorithm == null) {
                throw BuiltinException.failed(name, "unknown JWS algorithm: " + alg);
            }
            String kid = header.get("kid") instanceof StringValue s ? s.value() : "";
            boolean ok = c.keys() != null
                    ? verified(algorithm, c.keys(), kid, alg, token.signingInput(), signature)
                    : algorithm.verify(c.secret().getBytes(StandardCharsets.UTF_8), token.signingInput(), signature);
            if (!ok) {
                return UNVERIFIED;
            }
            payload = section(name, "payload", token.payload());
            if (header.get("cty") instanceof StringValue cty
                    && cty.value().toUpperCase(Locale.ROOT).equals("JWT")) {
                jwt = trimQuotes(payload);
                continue;
            }
            break;
        }
        ObjectValue claims = object(name, payload);
        if (!c.iss().isEmpty()
                && !(claims.get("iss") instanceof StringValue iss && iss.value().equals(c.iss()))) {
            return UNVERIFIED;
        }
        Value aud = claims.get("aud");
        if (aud != null ? !audienceMatches(aud, c.aud()) : !c.aud().isEmpty()) {
            return UNVERIFIED;
        }
        // exp and nbf are seconds, perhaps fractional; the time is nanoseconds, compared as OPA does
        // through a float64 of seconds.
        BigDecimal now = new BigDecimal(Double.toString(c.time() / 1e9));
        Value exp = claims.get("exp");
        if (exp != null) {
            if (!(exp instanceof NumberValue n)) {
                throw BuiltinException.failed(name, "exp value must be a number");
            }
            if (now.compareTo(n.bigDecimalValue()) >= 0) {
                return UNVERIFIED;
            }
        }
        Value nbf = claims.get("nbf");
        if (nbf != null) {
            if (!(nbf instanceof NumberValue n)) {
                throw BuiltinException.failed(name, "nbf value must be a number");
            }
            if (now.compareTo(n.bigDecimalValue()) < 0) {
                return UNVERIFIED;
            }
        }
        return ArrayValue.of(BooleanValue.TRUE, header, claims);
    }

    private static boolean critUnderstood(@Nullable Value crit) {
        if (crit == null) {
            return true;
        }
        if (!(crit instanceof ArrayValue a)) {
            return false;
        }
        for (Value v : a.asList()) {
            if (!(v instanceof StringValue s) || !KNOWN_HEADERS.contains(s.value())) {
                return false;
            }
        }
        return true;
    }

    /** {@code aud} is a string equal to the constraint, or an array with such a string. */
    private static boolean audienceMatches(Value aud, String want) {
        return switch (aud) {
            case StringValue s -> s.value().equals(want);
            case ArrayValue a ->
                a.asList().stream()
                        .anyMatch(v -> v instanceof StringValue s && s.value().equals(want));
            default -> false;
        };
    }

    // ---- io.jwt.encode_sign, io.jwt.encode_sign_raw

    /** Signs a header and payload given as text; both are base64url-encoded exactly as given. */
    private static String encodeSign(String name, String headerText, String payloadText, String keyText)
            throws BuiltinException {
        @Nullable ObjectValue header = null;
        String parseError = null;
        try {
            header = JwtJson.object(headerText);
        } catch (IllegalArgumentException e) {
            parseError = e.getMessage();
        }
        String trimmed = headerText.strip();
        if (trimmed.isEmpty()) {
            throw BuiltinException.failed(
                    name, "missing or invalid 'alg' header: cannot parse JSON: cannot parse empty string");
        }
        if (header == null && (trimmed.startsWith("{") || trimmed.startsWith("["))) {
            throw BuiltinException.failed(name, "missing or invalid 'alg' header: cannot parse JSON: " + parseError);
        }
        if (header == null || !(header.get("alg") instanceof StringValue alg)) {
            throw BuiltinException.failed(name, "missing or invalid 'alg' header: jwsbb: header \"alg\" not found");
        }
        JwsAlgorithm algorithm = JwsAlgorithm.byName(alg.value());
        if (algorithm == null) {
            throw BuiltinException.failed(name, "unknown JWS algorithm: " + alg.value());
        }
        Object key;
        try {
            key = JwtKeys.signingKey(keyText);
        } catch (KeyException e) {
            throw BuiltinException.failed(name, String.valueOf(e.getMessage()));
        }
        if (header.get("typ") instanceof StringValue typ && typ.value().equals("JWT") && !JwtJson.valid(payloadText)) {
            throw BuiltinException.failed(name, "type is JWT but payload is not JSON");
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(headerText.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payloadText.getBytes(StandardCharsets.UTF_8));
        try {
            byte[] signature = algorithm.sign(key, input.getBytes(StandardCharsets.UTF_8));
            return input + "." + b64.encodeToString(signature);
        } catch (GeneralSecurityException | JOSEException | RuntimeException e) {
            throw BuiltinException.failed(name, "failed to sign the JWT: " + e.getMessage());
        }
    }
}
