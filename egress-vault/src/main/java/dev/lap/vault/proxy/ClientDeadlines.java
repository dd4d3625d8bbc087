package dev.lap.vault.proxy;

import dev.lap.vault.Limits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Deadlines for a slow client (slowloris): a request head must be complete within {@link
 * Limits#requestHeadTimeout()}, and a request body must keep up {@link
 * Limits#minRequestBodyBytesPerSecond()}, averaged over {@link Limits#requestBodyRateWindow()}.
 * The idle time-out alone is no defence: one byte now and then resets it.
 *
 * <p>Two handlers share one state: {@link #bytes()} sits next to the socket and sees every byte
 * and every read the vault asks for; {@link #requests()} sits after the request decoder and sees
 * where heads and bodies end. The head's clock starts when the connection opens, when a tunnel's
 * TLS handshake completes, and, on a kept-alive connection, at the first byte after the previous
 * request ended (the wait before that byte is the idle time-out's). The body's clock runs only
 * while the vault has asked for bytes and none came: time spent deciding, dialling or waiting for
 * a slow upstream is not the client's.
 *
 * <p>When a deadline passes, {@link Expired} is fired down the pipeline for {@link ClientHandler}
 * to answer, record and close. All of it runs on the connection's event loop.
 */
final class ClientDeadlines {
    /** A deadline passed; {@code limit} is the audit name, {@code reason} the sentence for the client. */
    record Expired(String limit, String reason, boolean inBody) {}

    private enum Phase {
        /** A request head is expected; its clock runs. */
        HEAD,
        /** Between requests: the next byte starts the next head's clock. */
        BETWEEN,
        /** A request body is expected; its rate is measured. */
        BODY,
        /** After CONNECT until the tunnel's TLS handshake completes (the handshake has its own time-out). */
        TUNNEL,
        /** A deadline passed or the connection closed: nothing more is timed. */
        DONE
    }

    private final Limits limits;
    private final Bytes bytes = new Bytes();
    private final Requests requests = new Requests();
    private @Nullable ChannelHandlerContext ctx;
    private Phase phase = Phase.HEAD;
    private @Nullable Future<?> timer;
    /** Body credit in bytes: starts at a window's worth, drains at the minimum rate while waiting. */
    private double credit;
    /** When the vault asked for body bytes that have not come yet; -1 when it is not waiting. */
    private long waitingSince = -1;

    ClientDeadlines(Limits limits) {
        this.limits = limits;
    }

    /** The handler next to the socket. */
    ChannelDuplexHandler bytes() {
        return bytes;
    }

    /** The handler after the request decoder. */
    ChannelInboundHandlerAdapter requests() {
        return requests;
    }

    private long now() {
        return ctx.executor() instanceof AbstractScheduledEventExecutor e
                ? e.ticker().nanoTime()
                : Ticker.systemTicker().nanoTime();
    }

    private void enter(Phase next) {
        cancel();
        phase = next;
        waitingSince = -1;
        switch (next) {
            case HEAD ->
                schedule(
                        limits.requestHeadTimeout().toNanos(),
                        () -> expire(new Expired(
                                "request_head_timeout",
                                "the request head did not arrive within "
                                        + millis(limits.requestHeadTimeout().toNanos()),
                                false)));
            case BODY -> credit = windowBytes();
            case BETWEEN, TUNNEL, DONE -> {}
        }
    }

    private double windowBytes() {
        return limits.minRequestBodyBytesPerSecond()
                * (limits.requestBodyRateWindow().toNanos() / 1e9);
    }

    /** Charges the time waited since the last settlement against the body credit. */
    private void settle(long now) {
        if (waitingSince >= 0) {
            credit -= limits.minRequestBodyBytesPerSecond() * ((now - waitingSince) / 1e9);
            waitingSince = now;
        }
    }

    private void scheduleBodyCheck() {
        long nanos = (long) Math.ceil(Math.max(0, credit) / limits.minRequestBodyBytesPerSecond() * 1e9);
        schedule(Math.max(nanos, 1), this::checkBody);
    }

    private void checkBody() {
        timer = null;
        if (phase != Phase.BODY || waitingSince < 0) {
            return;
        }
        settle(now());
        if (credit <= 0) {
            expire(new Expired(
                    "min_request_body_rate",
                    "the request body arrived slower than " + limits.minRequestBodyBytesPerSecond()
                            + " bytes per second over "
                            + millis(limits.requestBodyRateWindow().toNanos()),
                    true));
        } else {
            scheduleBodyCheck();
        }
    }

    private void expire(Expired expired) {
        timer = null;
        phase = Phase.DONE;
        waitingSince = -1;
        ctx.fireUserEventTriggered(expired);
    }

    private void schedule(long nanos, Runnable task) {
        cancel();
        timer = ctx.executor().schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private static String millis(long nanos) {
        long ms = TimeUnit.NANOSECONDS.toMillis(nanos);
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }

    private final class Bytes extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            ctx = context;
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            enter(Phase.HEAD);
            context.fireChannelActive();
        }

        @Override
        public void read(ChannelHandlerContext context) {
            if (phase == Phase.BODY && waitingSince < 0) {
                waitingSince = now();
                scheduleBodyCheck();
            }
            context.read();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            // An HTTP/2 stream's DATA frames are holders; a connection's bytes are buffers.
            ByteBuf buf = msg instanceof ByteBufHolder holder ? holder.content() : msg instanceof ByteBuf b ? b : null;
            if (buf != null && buf.isReadable()) {
                switch (phase) {
                    case BETWEEN -> enter(Phase.HEAD);
                    case BODY -> {
                        if (waitingSince >= 0) {
                            settle(now());
                            waitingSince = -1;
                            cancel();
                        }
                        credit = Math.min(windowBytes(), credit + buf.readableBytes());
                    }
                    case HEAD, TUNNEL, DONE -> {}
                }
            }
            context.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext context) {
            cancel();
            phase = Phase.DONE;
            context.fireChannelInactive();
        }
    }

    private final class Requests extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            if (msg instanceof HttpRequest request && phase != Phase.DONE) {
                enter(request.method().equals(HttpMethod.CONNECT) ? Phase.TUNNEL : Phase.BODY);
            }
            if (msg instanceof LastHttpContent && phase == Phase.BODY) {
                enter(Phase.BETWEEN);
            }
            context.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext context, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent done && done.isSuccess() && phase == Phase.TUNNEL) {
                enter(Phase.HEAD);
            }
            context.fireUserEventTriggered(evt);
        }
    }
}
