package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StrictRequestDecoderTest {

    private static List<HttpObject> decode(String... parts) {
        var ch = new EmbeddedChannel(new StrictRequestDecoder(8192, 16384));
        for (String p : parts) {
            ch.writeInbound(Unpooled.copiedBuffer(p, StandardCharsets.ISO_8859_1));
        }
        List<HttpObject> out = new ArrayList<>();
        Object o;
        while ((o = ch.readInbound()) != null) {
            out.add((HttpObject) o);
        }
        out.forEach(ReferenceCountUtil::release);
        ch.finishAndReleaseAll();
        return out;
    }

    private static boolean failed(List<HttpObject> objects) {
        return objects.stream().anyMatch(o -> o.decoderResult().isFailure());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n folded\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\n\tfolded\r\n\r\n",
                "GET / HTTP/1.1\r\n Host: a\r\n\r\n",
                "GET / HTTP/1.1\nHost: a\n\n",
                "GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n",
            })
    void refusesEverySmugglingShape(String request) {
        assertThat(failed(decode(request))).isTrue();
    }

    @Test
    void acceptsAnOrdinaryRequestWithABody() {
        var out = decode("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc");
        assertThat(failed(out)).isFalse();
        assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(out.get(out.size() - 1)).isInstanceOf(LastHttpContent.class);
    }

    @Test
    void aBodyContainingCrLfAndSpaceIsNotMistakenForFolding() {
        var out = decode(
                "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\na\r\n b\r",
                "\nGET /y HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(failed(out)).isFalse();
        assertThat(out.stream().filter(HttpRequest.class::isInstance)).hasSize(2);
    }

    @Test
    void foldingInThePipelinedSecondRequestIsFoundEvenWhenSplitAcrossReads() {
        var out = decode("GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\n", " folded\r\n\r\n");
        assertThat(out.get(0)).isInstanceOf(HttpRequest.class);
        assertThat(((HttpRequest) out.get(0)).decoderResult().isSuccess()).isTrue();
        assertThat(failed(out)).isTrue();
    }

    @Test
    void everythingAfterAFramingErrorIsDiscarded() {
        var out = decode("GET / HTTP/1.1\nHost: a\n\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(out.stream()
                        .filter(o ->
                                o instanceof HttpRequest r && r.decoderResult().isSuccess()))
                .isEmpty();
    }
}
