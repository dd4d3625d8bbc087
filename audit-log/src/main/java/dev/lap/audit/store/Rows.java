package dev.lap.audit.store;

import dev.lap.audit.EventFields;
import dev.lap.audit.EventJson;
import dev.lap.audit.chain.ChainHash;
import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.Checkpoint;
import io.r2dbc.postgresql.codec.Json;
import io.r2dbc.spi.Row;
import io.r2dbc.spi.Statement;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** How chain records and checkpoints map to rows of {@code audit_event} and {@code audit_checkpoint}. */
final class Rows {
    /** The column of each of {@link EventFields#COLUMNS}; {@code user} is reserved in SQL. */
    static final Map<String, String> SQL_COLUMN = EventFields.COLUMNS.stream()
            .collect(
                    Collectors.toMap(c -> c, c -> c.equals("user") ? "user_name" : c, (a, b) -> a, LinkedHashMap::new));

    static final String EVENT_COLUMNS =
            "seq, time, kind, " + String.join(", ", SQL_COLUMN.values()) + ", detail, prev_hash, hash";

    /** Parameters per event row. */
    static final int EVENT_PARAMS = EventFields.COLUMNS.size() + 6;

    /**
     * Rows per insert statement: one statement with many rows costs one round of parse, bind and
     * execute instead of one per row (PostgreSQL takes up to 65,535 parameters).
     */
    static final int ROWS_PER_INSERT = 1000;

    static final String INSERT_CHECKPOINT =
            "insert into audit_checkpoint (seq, hash, time, key_id, signature) values ($1, $2, $3, $4, $5)";

    private Rows() {}

    /** {@code insert into audit_event … values (…), (…)} for {@code rows} rows. */
    static String insertEvents(int rows) {
        var sql = new StringBuilder("insert into audit_event (" + EVENT_COLUMNS + ") values ");
        for (int row = 0; row < rows; row++) {
            sql.append(row == 0 ? "(" : ", (");
            for (int p = 1; p <= EVENT_PARAMS; p++) {
                sql.append(p == 1 ? "$" : ", $").append(row * EVENT_PARAMS + p);
            }
            sql.append(')');
        }
        return sql.toString();
    }

    /** Binds {@code r} as row {@code row} of a statement from {@link #insertEvents}. */
    static void bind(Statement s, int row, ChainRecord r) {
        int i = row * EVENT_PARAMS;
        s.bind(i++, r.seq());
        s.bind(i++, r.time().atOffset(ZoneOffset.UTC));
        s.bind(i++, r.fields().kind());
        for (String name : EventFields.COLUMNS) {
            String value = r.fields().column(name);
            if (name.equals("port")) {
                if (value == null) {
                    s.bindNull(i++, Integer.class);
                } else {
                    s.bind(i++, Integer.valueOf(value));
                }
            } else if (value == null) {
                s.bindNull(i++, String.class);
            } else {
                s.bind(i++, value);
            }
        }
        s.bind(i++, Json.of(EventJson.object(r.fields().detail())));
        s.bind(i++, ByteBuffer.wrap(ChainHash.bytes(r.prevHash())));
        s.bind(i, ByteBuffer.wrap(ChainHash.bytes(r.hash())));
    }

    static void bind(Statement s, Checkpoint c) {
        s.bind(0, c.seq())
                .bind(1, ByteBuffer.wrap(ChainHash.bytes(c.hash())))
                .bind(2, c.time().atOffset(ZoneOffset.UTC))
                .bind(3, c.keyId())
                .bind(4, ByteBuffer.wrap(c.signature()));
    }

    static ChainRecord record(Row row) {
        var columns = new LinkedHashMap<String, String>();
        SQL_COLUMN.forEach((name, sql) -> {
            Object value = row.get(sql);
            if (value != null) {
                columns.put(name, value.toString());
            }
        });
        var detail = new TreeMap<String, String>();
        EventJson.parse(required(row.get("detail", Json.class), "detail").asString())
                .forEach((k, v) -> detail.put(k, EventJson.string(v, "detail." + k)));
        return new ChainRecord(
                required(row.get("seq", Long.class), "seq"),
                time(row),
                new EventFields(required(row.get("kind", String.class), "kind"), columns, detail),
                ChainHash.hex(bytes(row, "prev_hash")),
                ChainHash.hex(bytes(row, "hash")));
    }

    static Checkpoint checkpoint(Row row) {
        return new Checkpoint(
                required(row.get("seq", Long.class), "seq"),
                ChainHash.hex(bytes(row, "hash")),
                time(row),
                required(row.get("key_id", String.class), "key_id"),
                bytes(row, "signature"));
    }

    static Instant time(Row row) {
        return required(row.get("time", OffsetDateTime.class), "time").toInstant();
    }

    static byte[] bytes(Row row, String column) {
        ByteBuffer b = required(row.get(column, ByteBuffer.class), column);
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    static <T> T required(@Nullable T value, String column) {
        if (value == null) {
            throw new IllegalStateException("audit row without " + column);
        }
        return value;
    }

    static List<String> sqlColumns() {
        return List.copyOf(SQL_COLUMN.values());
    }
}
