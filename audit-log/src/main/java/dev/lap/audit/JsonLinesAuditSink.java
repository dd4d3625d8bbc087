package dev.lap.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Writes each event as one JSON object on one line, flushed at once so a crash loses nothing that
 * was recorded. Used when the vault runs standalone ({@code --audit FILE}, or stdout).
 *
 * <p>Each line is {@link EventJson#line}: the time from the sink's clock, then the event's fields.
 * Lines are written under a lock, so events from many threads never interleave.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
    private final Writer out;
    private final boolean closeOut;
    private final Clock clock;

    private JsonLinesAuditSink(Writer out, boolean closeOut, Clock clock) {
        this.out = out;
        this.closeOut = closeOut;
        this.clock = java.util.Objects.requireNonNull(clock, "clock");
    }

    /** Appends to {@code file}, creating it (owner read/write only where the OS allows). */
    public static JsonLinesAuditSink appendingTo(Path file, Clock clock) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new JsonLinesAuditSink(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true, clock);
    }

    /** Writes to a stream the caller owns, such as {@link System#out}; closing leaves it open. */
    public static JsonLinesAuditSink writingTo(PrintStream stream, Clock clock) {
        return new JsonLinesAuditSink(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), false, clock);
    }

    @Override
    public void record(AuditEvent event) {
        synchronized (this) {
            // Stamped under the lock, so the times in the file never go backwards.
            String line = EventJson.line(EventTime.now(clock), event);
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                // The event happened whether or not it could be written; say so loudly, once per
                // event, rather than failing the request that produced it.
                System.err.println("lap audit: could not write event " + event.kind() + ": " + e);
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (closeOut) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
