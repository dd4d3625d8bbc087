package dev.lap.audit.store;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.Checkpoint;
import dev.lap.audit.chain.ExportFormat;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Statement;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The read side: filtered, cursor-paged queries and the export. Needs only SELECT. */
public final class AuditReader {
    public static final int MAX_PAGE = 10_000;

    private final ConnectionFactory connections;

    public AuditReader(ConnectionFactory connections) {
        this.connections = requireNonNull(connections, "connections");
    }

    /** Up to {@code limit} records matching {@code filter} after {@code cursor}, in seq order. */
    public Mono<Page> page(AuditFilter filter, Page.Cursor cursor, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            return Mono.error(new IllegalArgumentException("a page holds 1 to " + MAX_PAGE + " records"));
        }
        AuditFilter.Condition where = filter.condition(3);
        String sql = "select " + Rows.EVENT_COLUMNS + " from audit_event where seq > $1 and " + where.sql()
                + " order by seq limit $2";
        return withConnection(c -> {
                    Statement s =
                            c.createStatement(sql).bind(0, cursor.afterSeq()).bind(1, limit);
                    for (int i = 0; i < where.values().size(); i++) {
                        s.bind(i + 2, where.values().get(i));
                    }
                    return Flux.from(s.execute())
                            .flatMap(r -> r.map((row, meta) -> Rows.record(row)))
                            .collectList();
                })
                .map(records -> new Page(
                        records,
                        records.size() < limit
                                ? null
                                : new Page.Cursor(records.getLast().seq())));
    }

    /** The seq of the last record, 0 when the chain is empty. */
    public Mono<Long> head() {
        return withConnection(c -> Flux.from(c.createStatement("select coalesce(max(seq), 0) as head from audit_event")
                        .execute())
                .flatMap(r -> r.map((row, meta) -> Rows.required(row.get("head", Long.class), "head")))
                .next());
    }

    /** The checkpoints over records {@code afterSeq + 1} to {@code throughSeq}, in seq order. */
    public Mono<List<Checkpoint>> checkpoints(long afterSeq, long throughSeq) {
        return withConnection(
                c -> Flux.from(c.createStatement("select seq, hash, time, key_id, signature from audit_checkpoint"
                                        + " where seq > $1 and seq <= $2 order by seq")
                                .bind(0, afterSeq)
                                .bind(1, throughSeq)
                                .execute())
                        .flatMap(r -> r.map((row, meta) -> Rows.checkpoint(row)))
                        .collectList());
    }

    /**
     * Writes the whole chain as an export ({@link ExportFormat}): every record in seq order, each
     * checkpoint right after the record it signs. Blocks; meant for the CLI and batch jobs.
     *
     * @return how many records were written
     */
    public long export(Appendable out) throws IOException {
        long written = 0;
        Page.Cursor cursor = Page.Cursor.START;
        while (true) {
            Page page = requireNonNull(page(AuditFilter.ALL, cursor, 1000).block(), "page");
            if (page.records().isEmpty()) {
                return written;
            }
            long last = page.records().getLast().seq();
            var checkpoints = new ArrayDeque<>(
                    requireNonNull(checkpoints(cursor.afterSeq(), last).block(), "checkpoints"));
            for (ChainRecord r : page.records()) {
                out.append(ExportFormat.line(r)).append('\n');
                written++;
                while (!checkpoints.isEmpty() && checkpoints.peek().seq() <= r.seq()) {
                    out.append(ExportFormat.line(checkpoints.poll())).append('\n');
                }
            }
            if (page.next() == null) {
                return written;
            }
            cursor = page.next();
        }
    }

    private <T> Mono<T> withConnection(java.util.function.Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(Mono.from(connections.create()), work, c -> Mono.from(c.close()));
    }
}
