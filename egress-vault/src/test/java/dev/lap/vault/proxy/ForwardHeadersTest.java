package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.policy.Decision;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForwardHeadersTest {
    @Test
    void hopByHopHeadersAndEveryHeaderConnectionNamesStopAtTheVault() {
        var r = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        r.headers()
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("X-Secret-Hop", "1")
                .add("Proxy-Authorization", "Basic abc")
                .add("Keep-Alive", "timeout=5")
                .add("TE", "trailers")
                .add("Upgrade", "websocket")
                .add("Accept", "*/*");
        ForwardHeaders.removeHopByHop(r.headers());
        assertThat(r.headers().names()).containsExactly("Accept");
    }

    @Test
    void thePolicysHeadersReplaceTheClientsAndExpectIsAnsweredByTheVault() {
        var original = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/");
        original.headers()
                .add("X-Set", "from-client")
                .add("X-Set", "again")
                .add("X-Drop", "1")
                .add("Expect", "100-continue")
                .add("Transfer-Encoding", "chunked")
                .add("Accept-Encoding", "zstd");
        var out = new DefaultHttpRequest(
                HttpVersion.HTTP_1_1, HttpMethod.POST, "/", original.headers().copy());
        ForwardHeaders.prepareRequest(
                out,
                original,
                new Decision.Allow("ok", "r", "rev", Set.of(), Map.of("X-Set", "policy"), List.of("x-drop"), false));
        assertThat(out.headers().getAll("X-Set")).containsExactly("policy");
        assertThat(out.headers().contains("X-Drop")).isFalse();
        assertThat(out.headers().contains("Expect")).isFalse();
        assertThat(out.headers().contains("Accept-Encoding")).isFalse();
        assertThat(out.headers().get("Transfer-Encoding")).isEqualTo("chunked");
    }
}
