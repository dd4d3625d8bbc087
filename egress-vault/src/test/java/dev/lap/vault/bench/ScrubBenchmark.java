package dev.lap.vault.bench;

import dev.lap.vault.scrub.CodedScrubber;
import dev.lap.vault.scrub.ContentCoding;
import dev.lap.vault.scrub.Replacement;
import dev.lap.vault.scrub.Scrubber;
import dev.lap.vault.scrub.SecretForms;
import dev.lap.vault.scrub.StreamReplacer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One response body scrubbed end to end, chunk by chunk as the proxy feeds it: with one pattern
 * per secret (the verbatim value, as before {@code SecretForms}) against every spelling
 * {@code SecretForms} lists, for each coding the vault decodes. The body is 256 KiB of JSON-like
 * text in 16 KiB chunks with the secret in it four times; three credentials are configured, as a
 * small vault would have. Throughput in bodies per second; multiply by 0.25 for MiB/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScrubBenchmark {
    private static final int BODY = 256 * 1024;
    private static final int CHUNK = 16 * 1024;

    @Param({"verbatim", "forms"})
    public String patterns;

    @Param({"identity", "gzip", "deflate", "br"})
    public String coding;

    private Scrubber scrubber;
    private ContentCoding parsed;
    private byte[] encoded;

    @Setup
    public void setUp() throws IOException {
        List<Replacement> replacements = new ArrayList<>();
        Random random = new Random(1);
        String secret = null;
        for (String id : List.of("github", "anthropic", "npm")) {
            String real = id + "_" + token(random, 36);
            String stub = id + "_" + token(random, 36);
            secret = secret == null ? real : secret;
            if (patterns.equals("forms")) {
                replacements.addAll(SecretForms.of(id, real, stub));
            } else {
                replacements.add(new Replacement(
                        id, real.getBytes(StandardCharsets.US_ASCII), stub.getBytes(StandardCharsets.US_ASCII)));
            }
        }
        scrubber = Scrubber.of(replacements);
        StringBuilder body = new StringBuilder(BODY);
        while (body.length() < BODY) {
            body.append("{\"id\": ")
                    .append(random.nextInt(1_000_000))
                    .append(", \"name\": \"")
                    .append(token(random, 12))
                    .append("\", \"url\": \"https://api.example.com/items/")
                    .append(token(random, 8))
                    .append("\"},\n");
            if (body.length() % (BODY / 4) < 80) {
                body.append("{\"token\": \"").append(secret).append("\"},\n");
            }
        }
        byte[] plain = body.substring(0, BODY).getBytes(StandardCharsets.US_ASCII);
        parsed = ContentCoding.of(coding.equals("identity") ? List.of() : List.of(coding));
        encoded = switch (coding) {
            case "identity" -> plain;
            case "gzip" -> {
                var out = new ByteArrayOutputStream();
                try (var z = new GZIPOutputStream(out)) {
                    z.write(plain);
                }
                yield out.toByteArray();
            }
            case "deflate" -> {
                var out = new ByteArrayOutputStream();
                try (var z = new DeflaterOutputStream(out, new Deflater())) {
                    z.write(plain);
                }
                yield out.toByteArray();
            }
            case "br" -> com.aayushatharva.brotli4j.encoder.Encoder.compress(plain);
            default -> throw new IllegalArgumentException(coding);
        };
    }

    private static String token(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    @Benchmark
    public long scrubOneBody() {
        long total = 0;
        switch (parsed) {
            case ContentCoding.Identity i -> {
                StreamReplacer r = scrubber.newStream();
                for (int at = 0; at < encoded.length; at += CHUNK) {
                    ByteBuf in = Unpooled.wrappedBuffer(encoded, at, Math.min(CHUNK, encoded.length - at));
                    ByteBuf out = r.process(in, UnpooledByteBufAllocator.DEFAULT);
                    total += out.readableBytes();
                    out.release();
                }
                ByteBuf tail = r.finish(UnpooledByteBufAllocator.DEFAULT);
                total += tail.readableBytes();
                tail.release();
            }
            case ContentCoding.Compressed c -> {
                try (CodedScrubber s = c.open(scrubber)) {
                    for (int at = 0; at < encoded.length; at += CHUNK) {
                        total += bytes(s.process(encoded, at, Math.min(CHUNK, encoded.length - at)));
                    }
                    total += bytes(s.finish());
                }
            }
            case ContentCoding.Unscrubbable u -> throw new IllegalStateException(u.contentEncoding());
        }
        return total;
    }

    private static int bytes(CodedScrubber.Result result) {
        return switch (result) {
            case CodedScrubber.Data d -> d.bytes().length;
            case CodedScrubber.Corrupt c -> throw new IllegalStateException(c.reason());
        };
    }
}
