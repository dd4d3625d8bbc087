package dev.lap.audit.spool;

import dev.lap.audit.EventJson;
import dev.lap.audit.EventTime;
import dev.lap.audit.store.Intake;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A bounded, append-only file of intakes not yet in the database: one JSON line each ({@code
 * writer}, {@code position}, {@code time}, then the event's fields). Every append is forced to disk
 * before it returns; an append that would pass {@code maxBytes} is refused whole. A line torn by a
 * crash in the middle of an append is dropped when the file is opened (its events were never
 * acknowledged). The file is created owner-only.
 */
public final class Spool implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final FileChannel channel;
    private final long maxBytes;

    private Spool(FileChannel channel, long maxBytes) {
        this.channel = channel;
        this.maxBytes = maxBytes;
    }

    /** What became of an append. */
    public sealed interface Outcome {
        record Appended(int intakes) implements Outcome {}

        /** Nothing was written: the spool would pass its bound. */
        record Full(long size, long maxBytes) implements Outcome {}

        /** Nothing was written (what was, was cut off again): the disk failed. */
        record Failed(String why) implements Outcome {}
    }

    public static Spool open(Path file, long maxBytes) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        dropTornLine(channel);
        return new Spool(channel, maxBytes);
    }

    private static void dropTornLine(FileChannel channel) throws IOException {
        long size = channel.size();
        long keep = size;
        var one = ByteBuffer.allocate(1);
        while (keep > 0) {
            one.clear();
            channel.read(one, keep - 1);
            if (one.get(0) == '\n') {
                break;
            }
            keep--;
        }
        if (keep != size) {
            channel.truncate(keep);
            channel.force(true);
        }
    }

    public synchronized Outcome append(List<Intake> intakes) {
        var text = new StringBuilder();
        for (Intake i : intakes) {
            text.append(line(i)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        long before;
        try {
            before = channel.size();
        } catch (IOException e) {
            return new Outcome.Failed(String.valueOf(e.getMessage()));
        }
        if (before + bytes.length > maxBytes) {
            return new Outcome.Full(before, maxBytes);
        }
        try {
            var buffer = ByteBuffer.wrap(bytes);
            long at = before;
            while (buffer.hasRemaining()) {
                at += channel.write(buffer, at);
            }
            channel.force(false);
            return new Outcome.Appended(intakes.size());
        } catch (IOException e) {
            try {
                channel.truncate(before);
            } catch (IOException ignored) {
                // the torn tail is dropped when the spool is next opened
            }
            return new Outcome.Failed(String.valueOf(e.getMessage()));
        }
    }

    /** Takes one batch of intakes, all of one writer; throws to stop the replay. */
    @FunctionalInterface
    public interface BatchSink {
        void write(String writer, List<Intake> batch);
    }

    /**
     * Hands the spool's intakes to {@code sink} in the order appended, in batches of at most
     * {@code batchSize} that each hold one writer's run (a spool may hold an earlier process's
     * events). Reads as it goes, so memory stays one batch whatever the spool's size; stops at the
     * first batch the sink throws on, and the exception propagates.
     *
     * @throws IOException if the file cannot be read or a line is not an intake
     */
    public synchronized void replay(int batchSize, BatchSink sink) throws IOException {
        var batch = new ArrayList<Intake>(Math.min(batchSize, 1024));
        channel.position(0);
        // Not closed: closing the reader would close the channel the spool keeps.
        var lines = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8), 1 << 16);
        int n = 0;
        String line;
        while ((line = lines.readLine()) != null) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Intake intake = intake(n, line);
            if (!batch.isEmpty()
                    && (batch.size() == batchSize || !batch.getFirst().writer().equals(intake.writer()))) {
                sink.write(batch.getFirst().writer(), List.copyOf(batch));
                batch.clear();
            }
            batch.add(intake);
        }
        if (!batch.isEmpty()) {
            sink.write(batch.getFirst().writer(), List.copyOf(batch));
        }
    }

    /** Every intake in the spool, in the order appended (all in memory: for small spools and tests). */
    public List<Intake> read() throws IOException {
        var out = new ArrayList<Intake>();
        replay(Integer.MAX_VALUE, (writer, batch) -> out.addAll(batch));
        return out;
    }

    private static Intake intake(int n, String line) throws IOException {
        try {
            Map<String, Object> members = new LinkedHashMap<>(EventJson.parse(line));
            String writer = EventJson.string(members.remove("writer"), "writer");
            long position = Long.parseLong(EventJson.string(members.remove("position"), "position"));
            var time = EventTime.parse(EventJson.string(members.remove("time"), "time"));
            return new Intake(writer, position, time, EventJson.fields(members));
        } catch (RuntimeException e) {
            throw new IOException("spool line " + n + " is not an intake: " + e.getMessage(), e);
        }
    }

    /** Empties the spool once everything in it is in the database. */
    public synchronized void clear() throws IOException {
        channel.truncate(0);
        channel.force(true);
    }

    public synchronized long size() throws IOException {
        return channel.size();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private static String line(Intake i) {
        var text = new StringWriter(512);
        try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), text)) {
            g.writeStartObject();
            g.writeStringProperty("writer", i.writer());
            g.writeNumberProperty("position", i.position());
            g.writeStringProperty("time", EventTime.format(i.time()));
            EventJson.writeFields(g, i.fields());
            g.writeEndObject();
        }
        return text.toString();
    }
}
