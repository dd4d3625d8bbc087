package dev.lap.vault.websocket;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a request asks to upgrade to, and the rules of a WebSocket opening handshake (RFC 6455
 * §4) as the vault relays it. Only {@code Upgrade: websocket} is relayed; any other upgrade
 * ({@code h2c}, {@code TLS/1.0}, …) is refused rather than silently dropped, since the client and
 * the upstream would then disagree on what the connection carries.
 */
public sealed interface WebSocketUpgrade {
    /** The value the policy sees as {@code input.request.upgrade}. */
    String policyValue();

    /** A plain request: no {@code Upgrade} header. */
    record None() implements WebSocketUpgrade {
        @Override
        public String policyValue() {
            return "";
        }
    }

    /** An upgrade the vault does not relay, or a malformed WebSocket handshake; a 400. */
    record Refused(String reason) implements WebSocketUpgrade {
        @Override
        public String policyValue() {
            return "";
        }
    }

    /**
     * A well-formed WebSocket opening handshake.
     *
     * @param key the client's {@code Sec-WebSocket-Key}, which the upstream's accept must answer
     * @param protocols the subprotocols the client offered, in order; the upstream may pick one
     */
    record WebSocket(String key, List<String> protocols) implements WebSocketUpgrade {
        private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

        public WebSocket {
            protocols = List.copyOf(protocols);
        }

        @Override
        public String policyValue() {
            return "websocket";
        }

        /**
         * Makes the forwarded request an upgrade again (forwarding strips hop-by-hop headers) and
         * offers no extension: {@code permessage-deflate} would compress frames, and the vault scrubs
         * frame payloads as they are, so the upstream must send them uncompressed.
         */
        public void prepareForward(HttpHeaders forwarded) {
            forwarded.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            forwarded.set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            forwarded.remove(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        }

        /** What {@code Sec-WebSocket-Accept} must be for this key (RFC 6455 §4.2.2). */
        public String expectedAccept() {
            try {
                byte[] sha1 =
                        MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
                return Base64.getEncoder().encodeToString(sha1);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-1", e);
            }
        }

        /**
         * Why the upstream's {@code 101} does not complete this handshake, or null when it does. The
         * reason names the fault, never the upstream's bytes (they may echo a secret).
         */
        public @Nullable String fault(HttpResponse response) {
            HttpHeaders h = response.headers();
            if (!h.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
                return "the upstream's 101 does not switch to websocket";
            }
            if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
                return "the upstream's 101 has no Connection: upgrade";
            }
            List<String> accept = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_ACCEPT);
            if (accept.size() != 1 || !accept.get(0).trim().equals(expectedAccept())) {
                return "the upstream's Sec-WebSocket-Accept does not answer the client's key";
            }
            if (h.contains(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS)) {
                return "the upstream accepted a WebSocket extension the vault did not offer";
            }
            List<String> chosen = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL);
            if (chosen.size() > 1
                    || (chosen.size() == 1 && !protocols.contains(chosen.get(0).trim()))) {
                return "the upstream chose a WebSocket subprotocol the client did not offer";
            }
            return null;
        }
    }

    /**
     * Reads the upgrade a request asks for. A WebSocket handshake must be a {@code GET} over
     * HTTP/1.1 without a body, name {@code upgrade} in {@code Connection}, and carry a {@code
     * Sec-WebSocket-Key} of 16 bytes in base64 and {@code Sec-WebSocket-Version: 13}.
     */
    static WebSocketUpgrade of(HttpRequest request, boolean hasBody) {
        HttpHeaders h = request.headers();
        List<String> upgrade = h.getAll(HttpHeaderNames.UPGRADE);
        if (upgrade.isEmpty()) {
            return new None();
        }
        String refusedOther = "the vault relays only WebSocket upgrades (Upgrade: websocket), not '"
                + String.join(", ", upgrade) + "'; send the request without Upgrade";
        if (upgrade.size() != 1 || !upgrade.get(0).trim().equalsIgnoreCase("websocket")) {
            return new Refused(refusedOther);
        }
        if (!h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return new Refused("a WebSocket upgrade must name 'upgrade' in its Connection header (RFC 6455 §4.1)");
        }
        if (!request.method().equals(HttpMethod.GET)
                || !request.protocolVersion().equals(HttpVersion.HTTP_1_1)) {
            return new Refused("a WebSocket upgrade must be a GET over HTTP/1.1 (RFC 6455 §4.1)");
        }
        if (hasBody) {
            return new Refused("a WebSocket upgrade carries no body (RFC 6455 §4.1)");
        }
        List<String> version = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (version.size() != 1 || !version.get(0).trim().equals("13")) {
            return new Refused("the vault relays WebSocket version 13 only (Sec-WebSocket-Version: 13)");
        }
        List<String> keys = h.getAll(HttpHeaderNames.SEC_WEBSOCKET_KEY);
        if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
            return new Refused("a WebSocket upgrade needs one Sec-WebSocket-Key: 16 bytes in base64 (RFC 6455 §4.1)");
        }
        List<String> protocols = new ArrayList<>();
        for (String line : h.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String p : line.split(",")) {
                if (!p.isBlank()) {
                    protocols.add(p.trim());
                }
            }
        }
        return new WebSocket(keys.get(0).trim(), protocols);
    }

    private static boolean validKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key.getBytes(StandardCharsets.US_ASCII)).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
