package dev.lap.vault.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.List;

/**
 * Netty's request decoder with every ambiguity that enables request smuggling turned into a
 * failed decode: bare LF line endings, duplicate {@code Content-Length} (even equal ones),
 * {@code Content-Length} together with {@code Transfer-Encoding}, a transfer coding after
 * {@code chunked}, and obsolete line folding.
 *
 * <p>Netty rejects the first four when configured strictly. It silently joins folded header lines,
 * so folding is caught here by scanning each request head once, before Netty consumes it. A failed
 * request is emitted with a failed {@link DecoderResult}; everything after it on the connection is
 * discarded, because after a framing error no later byte can be trusted to start a request.
 */
final class StrictRequestDecoder extends HttpRequestDecoder {
    private boolean inHead = true;
    private boolean sawLineContent;
    private static final int IN_LINE = 0;
    private static final int CR = 1;
    private static final int AT_LINE_START = 2;
    private static final int CR_AT_LINE_START = 3;

    private int lineEnd = IN_LINE;
    private int scannedAhead; // bytes from readerIndex already fed to the head scanner
    private boolean broken;

    StrictRequestDecoder(int maxInitialLineLength, int maxHeaderSize) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(maxInitialLineLength)
                .setMaxHeaderSize(maxHeaderSize)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
        if (broken) {
            buffer.skipBytes(buffer.readableBytes());
            return;
        }
        if (inHead && scanHead(buffer)) {
            broken = true;
            buffer.skipBytes(buffer.readableBytes());
            out.add(invalid("obsolete line folding in a header is not accepted (RFC 9112 §5.2)"));
            return;
        }
        int before = buffer.readerIndex();
        int emitted = out.size();
        super.decode(ctx, buffer, out);
        scannedAhead = Math.max(0, scannedAhead - (buffer.readerIndex() - before));
        for (int i = emitted; i < out.size(); i++) {
            Object o = out.get(i);
            if (o instanceof HttpObject h && h.decoderResult().isFailure()) {
                broken = true;
            }
            if (o instanceof LastHttpContent) {
                startHead();
            }
        }
        if (broken) {
            buffer.skipBytes(buffer.readableBytes());
        }
    }

    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
        // RFC 9112 lets a proxy drop Content-Length here; refusing is the only choice that cannot
        // disagree with whatever sits upstream.
        throw new IllegalArgumentException("Content-Length and Transfer-Encoding together are not accepted");
    }

    private void startHead() {
        inHead = true;
        sawLineContent = false;
        lineEnd = IN_LINE;
        scannedAhead = 0;
    }

    /** Feeds the not-yet-scanned head bytes to the scanner; true when a folded line was found. */
    private boolean scanHead(ByteBuf buffer) {
        int from = buffer.readerIndex() + scannedAhead;
        int to = buffer.writerIndex();
        for (int i = from; i < to && inHead; i++) {
            byte b = buffer.getByte(i);
            scannedAhead++;
            switch (b) {
                case '\r' -> lineEnd = lineEnd == AT_LINE_START ? CR_AT_LINE_START : CR;
                case '\n' -> {
                    if (lineEnd == CR_AT_LINE_START) {
                        inHead = false; // CRLF CRLF: the head is complete
                    } else if (sawLineContent) {
                        lineEnd = AT_LINE_START;
                    } // else: an empty line before the request line, which Netty skips
                }
                case ' ', '\t' -> {
                    if (lineEnd == AT_LINE_START) {
                        return true; // a header line that starts with white space
                    }
                    lineEnd = IN_LINE;
                }
                default -> {
                    sawLineContent = true;
                    lineEnd = IN_LINE;
                }
            }
        }
        return false;
    }

    private static DefaultFullHttpRequest invalid(String why) {
        var request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(why)));
        return request;
    }
}
