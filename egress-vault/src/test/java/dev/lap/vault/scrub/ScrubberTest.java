package dev.lap.vault.scrub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrubberTest {
    private static final String REAL = "sk-proj-RealRealRealRealRealRealReal";
    private static final String STUB = "sk-proj-StubStubStubStubStubStubStub";
    private static final Scrubber SCRUBBER = Scrubber.of(List.of(new Replacement(
            "openai", REAL.getBytes(StandardCharsets.US_ASCII), STUB.getBytes(StandardCharsets.US_ASCII))));

    @Test
    void scrubsEveryHeaderValueInPlaceKeepingOrder() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add("Content-Type", "application/json")
                .add("X-Echo", "token=" + REAL)
                .add("Set-Cookie", "a=1")
                .add("X-Echo", REAL + "," + REAL);
        Map<String, Long> counts = SCRUBBER.scrubHeaders(headers);
        assertThat(counts).containsExactly(Map.entry("openai", 3L));
        assertThat(headers.entries().stream().map(e -> e.getKey() + ": " + e.getValue()))
                .containsExactly(
                        "Content-Type: application/json",
                        "X-Echo: token=" + STUB,
                        "Set-Cookie: a=1",
                        "X-Echo: " + STUB + "," + STUB);
    }

    @Test
    void aSecretInAHeaderNameIsScrubbedToo() {
        HttpHeaders headers = new DefaultHttpHeaders().add("X-" + REAL, "v").add("A", "1");
        assertThat(SCRUBBER.scrubHeaders(headers)).containsExactly(Map.entry("openai", 1L));
        assertThat(headers.names()).containsExactly("X-" + STUB, "A");
    }

    @Test
    void headersWithoutSecretsAreLeftAlone() {
        HttpHeaders headers = new DefaultHttpHeaders().add("B", "2").add("A", "1");
        assertThat(SCRUBBER.scrubHeaders(headers)).isEmpty();
        assertThat(headers.names()).containsExactly("B", "A");
    }

    @Test
    void unequalLengthsAreRefusedBecauseTheyWouldChangeContentLength() {
        assertThatThrownBy(() -> new Replacement("x", new byte[] {1, 2}, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keeps its length");
    }

    @Test
    void aReplacementNeverPrintsItsBytes() {
        Replacement r = new Replacement(
                "openai", REAL.getBytes(StandardCharsets.US_ASCII), STUB.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.toString()).doesNotContain(REAL).contains("openai");
    }
}
