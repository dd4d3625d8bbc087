package dev.lap.vault.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketUpgradeTest {
    // RFC 6455 §1.3's own example: this key is answered by this accept.
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static HttpRequest handshake(HttpMethod method, HttpVersion version) {
        var r = new DefaultHttpRequest(version, method, "/chat");
        r.headers()
                .set("Upgrade", "websocket")
                .set("Connection", "keep-alive, Upgrade")
                .set("Sec-WebSocket-Key", KEY)
                .set("Sec-WebSocket-Version", "13")
                .set("Sec-WebSocket-Protocol", "chat, superchat");
        return r;
    }

    private static HttpResponse switched(String accept) {
        var r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
        r.headers().set("Upgrade", "websocket").set("Connection", "Upgrade").set("Sec-WebSocket-Accept", accept);
        return r;
    }

    @Test
    void aPlainRequestIsNoUpgradeAndAWellFormedHandshakeIsAWebSocket() {
        var plain = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        assertThat(WebSocketUpgrade.of(plain, false)).isInstanceOf(WebSocketUpgrade.None.class);
        assertThat(WebSocketUpgrade.of(plain, false).policyValue()).isEmpty();
        var ws = WebSocketUpgrade.of(handshake(HttpMethod.GET, HttpVersion.HTTP_1_1), false);
        assertThat(ws).isEqualTo(new WebSocketUpgrade.WebSocket(KEY, List.of("chat", "superchat")));
        assertThat(ws.policyValue()).isEqualTo("websocket");
    }

    @Test
    void everyOtherUpgradeAndEveryMalformedHandshakeIsRefusedWithAReason() {
        var h2c = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        h2c.headers().set("Upgrade", "h2c").set("Connection", "Upgrade, HTTP2-Settings");
        assertThat(WebSocketUpgrade.of(h2c, false))
                .isEqualTo(
                        new WebSocketUpgrade.Refused(
                                "the vault relays only WebSocket upgrades (Upgrade: websocket), not 'h2c'; send the request without Upgrade"));

        var noConnection = handshake(HttpMethod.GET, HttpVersion.HTTP_1_1);
        noConnection.headers().set("Connection", "keep-alive");
        var badKey = handshake(HttpMethod.GET, HttpVersion.HTTP_1_1);
        badKey.headers().set("Sec-WebSocket-Key", "c2hvcnQ=");
        var twoKeys = handshake(HttpMethod.GET, HttpVersion.HTTP_1_1);
        twoKeys.headers().add("Sec-WebSocket-Key", KEY);
        var oldVersion = handshake(HttpMethod.GET, HttpVersion.HTTP_1_1);
        oldVersion.headers().set("Sec-WebSocket-Version", "8");
        for (var bad : List.of(
                noConnection,
                badKey,
                twoKeys,
                oldVersion,
                handshake(HttpMethod.POST, HttpVersion.HTTP_1_1),
                handshake(HttpMethod.GET, HttpVersion.HTTP_1_0))) {
            assertThat(WebSocketUpgrade.of(bad, false)).isInstanceOf(WebSocketUpgrade.Refused.class);
        }
        assertThat(WebSocketUpgrade.of(handshake(HttpMethod.GET, HttpVersion.HTTP_1_1), true))
                .as("a body on the handshake")
                .isInstanceOf(WebSocketUpgrade.Refused.class);
    }

    @Test
    void the101MustAnswerTheKeyChooseAnOfferedSubprotocolAndAcceptNoExtension() {
        var ws = new WebSocketUpgrade.WebSocket(KEY, List.of("chat"));
        assertThat(ws.expectedAccept()).isEqualTo(ACCEPT);
        assertThat(ws.fault(switched(ACCEPT))).isNull();

        assertThat(ws.fault(switched("AAAA" + ACCEPT.substring(4)))).contains("Sec-WebSocket-Accept");
        var subprotocol = switched(ACCEPT);
        subprotocol.headers().set("Sec-WebSocket-Protocol", "superchat");
        assertThat(ws.fault(subprotocol)).contains("subprotocol");
        var chosen = switched(ACCEPT);
        chosen.headers().set("Sec-WebSocket-Protocol", "chat");
        assertThat(ws.fault(chosen)).isNull();
        var deflate = switched(ACCEPT);
        deflate.headers().set("Sec-WebSocket-Extensions", "permessage-deflate");
        assertThat(ws.fault(deflate)).contains("extension");
        var notWebSocket = switched(ACCEPT);
        notWebSocket.headers().set("Upgrade", "h2c");
        assertThat(ws.fault(notWebSocket)).contains("does not switch to websocket");
    }

    @Test
    void theForwardedHandshakeIsAnUpgradeAgainWithoutExtensions() {
        var ws = new WebSocketUpgrade.WebSocket(KEY, List.of());
        var forwarded = new io.netty.handler.codec.http.DefaultHttpHeaders()
                .set("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits")
                .set("Sec-WebSocket-Key", KEY);
        ws.prepareForward(forwarded);
        assertThat(forwarded.get("Connection")).isEqualTo("upgrade");
        assertThat(forwarded.get("Upgrade")).isEqualTo("websocket");
        assertThat(forwarded.contains("Sec-WebSocket-Extensions")).isFalse();
        assertThat(forwarded.get("Sec-WebSocket-Key")).isEqualTo(KEY);
    }
}
