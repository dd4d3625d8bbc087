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
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes each event as one JSON object on one line, flushed at once so a crash loses nothing that
 * was recorded. Used when the vault runs standalone ({@code --audit FILE}, or stdout).
 *
 * <p>Field names are the snake_case names of the design's audit event; null fields are left out.
 * Lines are written under a lock, so events from many threads never interleave.
 */
public final class JsonLinesAuditSink implements AuditSink, AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private final boolean closeOut;

    private JsonLinesAuditSink(Writer out, boolean closeOut) {
        this.out = out;
        this.closeOut = closeOut;
    }

    /** Appends to {@code file}, creating it (owner read/write only where the OS allows). */
    public static JsonLinesAuditSink appendingTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(
                file, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        return new JsonLinesAuditSink(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** Writes to a stream the caller owns, such as {@link System#out}; closing leaves it open. */
    public static JsonLinesAuditSink writingTo(PrintStream stream) {
        return new JsonLinesAuditSink(new java.io.OutputStreamWriter(stream, StandardCharsets.UTF_8), false);
    }

    @Override
    public void record(AuditEvent event) {
        String line = toJson(event);
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                // The event happened whether or not it could be written; say so loudly, once per
                // event, rather than failing the request that produced it.
                System.err.println(
                        "lap audit: could not write event " + event.kind().wireName() + ": " + e);
            }
        }
    }

    /** The JSON text of one event, without the newline. */
    public static String toJson(AuditEvent event) {
        var text = new java.io.StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeStringProperty("time", event.time().toString());
            g.writeStringProperty("kind", event.kind().wireName());
            optional(g, "session", event.session());
            optional(g, "user", event.user());
            optional(g, "agent", event.agent());
            optional(g, "request_id", event.requestId());
            optional(g, "trace_id", event.traceId());
            optional(g, "method", event.method());
            optional(g, "host", event.host());
            if (event.port() != 0) {
                g.writeNumberProperty("port", event.port());
            }
            optional(g, "path", event.path());
            optional(g, "decision", event.decision());
            optional(g, "rule", event.rule());
            optional(g, "policy_revision", event.policyRevision());
            optional(g, "credential_id", event.credentialId());
            optional(g, "credential_fingerprint", event.credentialFingerprint());
            if (!event.detail().isEmpty()) {
                g.writeName("detail");
                g.writeStartObject();
                for (Map.Entry<String, String> e : new java.util.TreeMap<>(event.detail()).entrySet()) {
                    g.writeStringProperty(e.getKey(), e.getValue());
                }
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        return text.toString();
    }

    private static void optional(JsonGenerator g, String name, @org.jspecify.annotations.Nullable String value) {
        if (value != null) {
            g.writeStringProperty(name, value);
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
