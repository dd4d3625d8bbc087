package dev.lap.vault.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code Authorization: Basic base64(user:password)}, as git, {@code curl -u} and requests send a
 * token (GitHub accepts it as the password with any user, or as the user). Decoded as ISO-8859-1
 * so that re-encoding gives back the client's exact bytes around the swapped token.
 */
record BasicAuth(String scheme, String user, String password) {
    static @Nullable BasicAuth parse(String headerValue) {
        String v = headerValue.trim();
        int space = v.indexOf(' ');
        if (space < 0 || !v.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return null;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(v.substring(space + 1).trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
        String pair = new String(decoded, StandardCharsets.ISO_8859_1);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new BasicAuth(v.substring(0, space), pair.substring(0, colon), pair.substring(colon + 1));
    }

    String encode() {
        String pair = user + ":" + password;
        return scheme + " " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.ISO_8859_1));
    }

    boolean contains(String s) {
        return user.contains(s) || password.contains(s);
    }

    BasicAuth replace(String target, String replacement) {
        return new BasicAuth(scheme, user.replace(target, replacement), password.replace(target, replacement));
    }

    @Override
    public String toString() {
        return "BasicAuth[user and password hidden]";
    }
}
