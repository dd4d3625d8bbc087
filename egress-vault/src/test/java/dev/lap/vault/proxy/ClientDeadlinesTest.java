package dev.lap.vault.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lap.vault.Limits;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-client deadlines on an {@link EmbeddedChannel} with a frozen clock: time moves only when
 * a test moves it, so "one header byte every 2 s" takes no real time and cuts off at the same
 * instant on every run.
 */
class ClientDeadlinesTest {
    private static final Limits LIMITS = Limits.DEFAULTS.toBuilder()
            .requestHeadTimeout(Duration.ofSeconds(10))
            .minRequestBodyBytesPerSecond(100)
            .requestBodyRateWindow(Duration.ofSeconds(2))
            .build();

    private final List<ClientDeadlines.Expired> expired = new ArrayList<>();
    private final MockTicker ticker = Ticker.newMockTicker();
    private EmbeddedChannel ch;

    private void open() throws Exception {
        var deadlines = new ClientDeadlines(LIMITS);
        ch = new EmbeddedChannel(EmbeddedChannel.builder()
                .ticker(ticker)
                .handlers(
                        deadlines.bytes(),
                        ProxyServer.newDecoder(LIMITS),
                        deadlines.requests(),
                        new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                            }

                            @Override
                            public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                                if (evt instanceof ClientDeadlines.Expired e) {
                                    expired.add(e);
                                }
                            }
                        })) {};
        ch.config().setAutoRead(false);
    }

    @AfterEach
    void close() {
        ch.finishAndReleaseAll();
    }

    private void send(String bytes) {
        ch.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
    }

    private void advance(long millis) {
        ticker.advance(millis, TimeUnit.MILLISECONDS);
        ch.runScheduledPendingTasks();
    }

    @Test
    void aClientTricklingOneHeaderByteEveryTwoSecondsIsCutOffAtTheDeadline() throws Exception {
        open();
        String head = "GET / HTTP/1.1\r\nHost: api.github.com\r\n\r\n";
        int sent = 0;
        for (; sent < 5; sent++) { // bytes at 0, 2, 4, 6 and 8 s: each resets any idle timer
            send(head.substring(sent, sent + 1));
            advance(sent < 4 ? 2_000 : 1_999);
        }
        assertThat(expired).as("at 9.999 s").isEmpty();

        advance(1);

        assertThat(expired).singleElement().satisfies(e -> {
            assertThat(e.limit()).isEqualTo("request_head_timeout");
            assertThat(e.reason()).isEqualTo("the request head did not arrive within 10 s");
            assertThat(e.inBody()).isFalse();
        });
    }

    @Test
    void aHeadInTimeStopsTheClockAndAKeptAliveConnectionRestartsItAtTheNextByte() throws Exception {
        open();
        advance(9_000);
        send("GET / HTTP/1.1\r\nHost: api.github.com\r\n\r\n");
        advance(3_600_000); // the wait between requests is the idle time-out's, not this one's
        assertThat(expired).isEmpty();

        send("G");
        advance(9_999);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).extracting(ClientDeadlines.Expired::limit).containsExactly("request_head_timeout");
    }

    @Test
    void aBodyBelowTheMinimumRateIsCutOffWhenItsCreditRunsOut() throws Exception {
        open();
        send("POST /upload HTTP/1.1\r\nHost: api.github.com\r\nContent-Length: 1000\r\n\r\n");
        // Credit: 2 s at 100 B/s = 200 bytes. After 1 s of waiting and 50 bytes: 150 left, 1.5 s.
        ch.read();
        advance(1_000);
        send("x".repeat(50));
        ch.read();
        advance(1_499);
        assertThat(expired).isEmpty();

        advance(1);

        assertThat(expired).singleElement().satisfies(e -> {
            assertThat(e.limit()).isEqualTo("min_request_body_rate");
            assertThat(e.reason()).isEqualTo("the request body arrived slower than 100 bytes per second over 2 s");
            assertThat(e.inBody()).isTrue();
        });
    }

    @Test
    void aBodyAtTheMinimumRateIsNeverCutOff() throws Exception {
        open();
        send("POST /upload HTTP/1.1\r\nHost: api.github.com\r\nContent-Length: 3000\r\n\r\n");
        for (int second = 0; second < 30; second++) {
            ch.read();
            advance(1_000);
            send("x".repeat(100));
        }
        assertThat(expired).isEmpty();
        advance(3_600_000);
        assertThat(expired).as("the body ended: between requests").isEmpty();
    }

    @Test
    void timeTheVaultIsNotReadingIsNotTheClients() throws Exception {
        open();
        send("POST /upload HTTP/1.1\r\nHost: api.github.com\r\nContent-Length: 1000\r\n\r\n");
        advance(3_600_000); // deciding, dialling, or an upstream that takes no more
        assertThat(expired).isEmpty();

        ch.read();
        advance(1_999);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).extracting(ClientDeadlines.Expired::limit).containsExactly("min_request_body_rate");
    }

    @Test
    void frontLoadingTheBodyBuysNoMoreThanOneWindow() throws Exception {
        open();
        send("POST /upload HTTP/1.1\r\nHost: api.github.com\r\nContent-Length: 100000\r\n\r\n");
        ch.read();
        send("x".repeat(50_000));
        ch.read();
        advance(1_999);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).hasSize(1);
    }

    @Test
    void aTunnelsHeadClockStartsWhenItsHandshakeCompletes() throws Exception {
        open();
        send("CONNECT api.github.com:443 HTTP/1.1\r\nHost: api.github.com:443\r\n\r\n");
        advance(3_600_000); // the TLS handshake has its own time-out
        assertThat(expired).isEmpty();

        ch.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
        advance(9_999);
        assertThat(expired).isEmpty();
        advance(1);
        assertThat(expired).extracting(ClientDeadlines.Expired::limit).containsExactly("request_head_timeout");
    }
}
