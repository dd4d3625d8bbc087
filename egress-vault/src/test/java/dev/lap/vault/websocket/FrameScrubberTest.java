package dev.lap.vault.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.scrub.Replacement;
import dev.lap.vault.scrub.Scrubber;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameScrubberTest {
    static final String REAL = "ghp_RealRealRealRealRealRealRealReal1234";
    static final String STUB = "ghp_StubStubStubStubStubStubStubStub1234";
    static final Scrubber SCRUBBER = Scrubber.of(List.of(new Replacement(
            "github", REAL.getBytes(StandardCharsets.US_ASCII), STUB.getBytes(StandardCharsets.US_ASCII))));

    private static FrameScrubber scrubber() {
        return new FrameScrubber(() -> SCRUBBER, ByteBufAllocator.DEFAULT);
    }

    private static String text(WebSocketFrame f) {
        try {
            return f.content().toString(StandardCharsets.ISO_8859_1);
        } finally {
            f.release();
        }
    }

    @Test
    void aSecretSplitAtEveryPointAcrossThreeFragmentsOfOneMessageIsScrubbedAndTheMessageKeepsItsLength() {
        String message = "before " + REAL + " after";
        for (int a = 0; a <= message.length(); a++) {
            for (int b = a; b <= message.length(); b += 3) {
                FrameScrubber s = scrubber();
                List<WebSocketFrame> out = new ArrayList<>();
                out.add(s.scrub(new TextWebSocketFrame(false, 0, message.substring(0, a))));
                out.add(s.scrub(new ContinuationWebSocketFrame(false, 0, message.substring(a, b))));
                out.add(s.scrub(new ContinuationWebSocketFrame(true, 0, message.substring(b))));
                assertThat(out.get(0)).isInstanceOf(TextWebSocketFrame.class);
                assertThat(out.get(0).isFinalFragment()).isFalse();
                assertThat(out.get(2).isFinalFragment()).isTrue();
                StringBuilder seen = new StringBuilder();
                out.forEach(f -> seen.append(text(f)));
                assertThat(seen.toString()).as("split at %d and %d", a, b).isEqualTo("before " + STUB + " after");
                assertThat(s.drainReplacements()).containsExactly(Map.entry("github", 1L));
            }
        }
    }

    @Test
    void eachMessageAndEachControlFrameIsScrubbedAndCounted() {
        FrameScrubber s = scrubber();
        assertThat(text(s.scrub(new TextWebSocketFrame(REAL)))).isEqualTo(STUB);
        assertThat(text(s.scrub(
                        new BinaryWebSocketFrame(Unpooled.copiedBuffer("\0" + REAL, StandardCharsets.ISO_8859_1)))))
                .isEqualTo("\0" + STUB);
        assertThat(text(s.scrub(new PingWebSocketFrame(Unpooled.copiedBuffer(REAL, StandardCharsets.US_ASCII)))))
                .isEqualTo(STUB);
        WebSocketFrame close = s.scrub(new CloseWebSocketFrame(4000, "bye " + REAL));
        assertThat(((CloseWebSocketFrame) close).statusCode()).isEqualTo(4000);
        assertThat(((CloseWebSocketFrame) close).reasonText()).isEqualTo("bye " + STUB);
        close.release();
        assertThat(s.drainReplacements()).containsExactly(Map.entry("github", 4L));
        assertThat(s.drainReplacements()).isEmpty();
    }

    @Test
    void aControlFrameBetweenFragmentsDoesNotDisturbTheMessagesStream() {
        FrameScrubber s = scrubber();
        String first = text(s.scrub(new TextWebSocketFrame(false, 0, "x" + REAL.substring(0, 10))));
        String ping = text(s.scrub(new PingWebSocketFrame(Unpooled.copiedBuffer("ping", StandardCharsets.US_ASCII))));
        String last = text(s.scrub(new ContinuationWebSocketFrame(true, 0, REAL.substring(10))));
        assertThat(first + last).isEqualTo("x" + STUB);
        assertThat(ping).isEqualTo("ping");
    }

    @Test
    void theScrubberInForceIsTakenForEachMessage() {
        Scrubber[] current = {Scrubber.of(List.of())};
        FrameScrubber s = new FrameScrubber(() -> current[0], ByteBufAllocator.DEFAULT);
        assertThat(text(s.scrub(new TextWebSocketFrame(REAL)))).isEqualTo(REAL);
        current[0] = SCRUBBER; // a credential added or rotated while the connection is open
        assertThat(text(s.scrub(new TextWebSocketFrame(REAL)))).isEqualTo(STUB);
    }
}
