package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Http2RequestDecoderTest {
    private static Http2Headers get(String path) {
        return new DefaultHttp2Headers(false)
                .method("GET")
                .scheme("https")
                .authority("api.github.com")
                .path(path);
    }

    private static HttpRequest decode(Http2Headers headers, boolean endStream) {
        var ch = new EmbeddedChannel(new Http2RequestDecoder(64));
        ch.writeInbound(new DefaultHttp2HeadersFrame(headers, endStream));
        HttpRequest request = ch.readInbound();
        ch.finishAndReleaseAll();
        return request;
    }

    @Test
    void theAuthorityBecomesTheOnlyHostAndCookieCrumbsAreJoined() {
        var request = decode(get("/user?x=1").add("cookie", "a=1").add("cookie", "b=2"), true);

        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.protocolVersion()).isSameAs(Http2RequestDecoder.HTTP_2);
        assertThat(request.uri()).isEqualTo("/user?x=1");
        assertThat(request.headers().getAll(HttpHeaderNames.HOST)).containsExactly("api.github.com");
        assertThat(request.headers().getAll(HttpHeaderNames.COOKIE)).containsExactly("a=1; b=2");
    }

    @Test
    void aRequestEndingWithItsHeadersIsAHeadThenAnEndAsOverHttp11() {
        var ch = new EmbeddedChannel(new Http2RequestDecoder(64));
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("/user"), true));

        HttpRequest head = ch.readInbound();
        Object end = ch.readInbound();
        assertThat(head).isNotInstanceOf(LastHttpContent.class);
        assertThat(head.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)).isFalse();
        assertThat(end).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        assertThat((Object) ch.readInbound()).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void aBodyWithoutContentLengthIsMarkedChunkedForAnHttp11UpstreamAndEndsWithTheStream() {
        var ch = new EmbeddedChannel(new Http2RequestDecoder(64));
        ch.writeInbound(new DefaultHttp2HeadersFrame(get("/upload").method("POST"), false));
        ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII), false));
        ch.writeInbound(new DefaultHttp2DataFrame(Unpooled.copiedBuffer("def", StandardCharsets.US_ASCII), true));

        HttpRequest head = ch.readInbound();
        assertThat(head).isNotInstanceOf(LastHttpContent.class);
        assertThat(head.headers().get(HttpHeaderNames.TRANSFER_ENCODING)).isEqualTo("chunked");
        HttpContent first = ch.readInbound();
        HttpContent last = ch.readInbound();
        assertThat(first).isNotInstanceOf(LastHttpContent.class);
        assertThat(last).isInstanceOf(LastHttpContent.class);
        assertThat(last.content().toString(StandardCharsets.US_ASCII)).isEqualTo("def");
        first.release();
        last.release();
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "connection:close",
                "transfer-encoding:chunked",
                "keep-alive:5",
                "upgrade:websocket",
                "proxy-connection:x",
                "te:gzip",
                "x-a:1\r\nx-evil: 1",
                "x-a: padded",
                "x-a:nul\0",
                "host:registry.npmjs.org",
                ":protocol:websocket"
            })
    void aHeaderHttp2ForbidsOrThatWouldSplitAnHttp11HeadIsRefused(String header) {
        int colon = header.indexOf(':', 1);
        var request = decode(get("/").add(header.substring(0, colon), header.substring(colon + 1)), true);

        assertThat(request.decoderResult().isFailure()).as(header).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a b", "/a\r\nx: y", "/\u00e9", ""})
    void aPathWithWhiteSpaceControlOrNonAsciiCharactersIsRefused(String path) {
        assertThat(decode(get(path), true).decoderResult().isFailure()).isTrue();
    }

    @Test
    void missingPseudoHeadersConnectAndPlainHttpAreRefused() {
        assertThat(decode(new DefaultHttp2Headers(false).method("GET").path("/"), true)
                        .decoderResult()
                        .isFailure())
                .isTrue();
        assertThat(decode(get("/").method("CONNECT"), true).decoderResult().isFailure())
                .isTrue();
        assertThat(decode(get("/").scheme("http"), true).decoderResult().isFailure())
                .isTrue();
        assertThat(decode(get("/").authority("user@api.github.com"), true)
                        .decoderResult()
                        .isFailure())
                .isTrue();
    }

    @Test
    void aPathOverTheRequestLineCapIsTooLong() {
        var request = decode(get("/" + "a".repeat(64)), true);

        assertThat(request.decoderResult().cause()).isInstanceOf(TooLongHttpLineException.class);
    }
}
