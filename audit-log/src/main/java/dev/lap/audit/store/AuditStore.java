package dev.lap.audit.store;

import static java.util.Objects.requireNonNull;

import dev.lap.audit.AuditEvent;
import dev.lap.audit.EventFields;
import dev.lap.audit.EventTime;
import dev.lap.audit.chain.ChainHash;
import dev.lap.audit.chain.ChainRecord;
import dev.lap.audit.chain.Checkpoint;
import dev.lap.audit.chain.SigningKey;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Result;
import io.r2dbc.spi.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The append side of the audit log: chains events ({@code seq}, {@code prev_hash}, {@code hash}),
 * signs checkpoints, and applies retention. There is no method that changes or removes a record
 * other than retention, and the runtime role it connects as could not anyway.
 *
 * <p>Every append is one transaction that first takes a transaction-level advisory lock, then
 * reads the head from the table; so several stores (several processes) may append to one database
 * and the chain stays a single line. A batch is one transaction: all of it is chained or none.
 */
public final class AuditStore {
    /** The advisory lock key all appenders share ("lapaudit" in ASCII). */
    static final long CHAIN_LOCK = 0x6c61706175646974L;

    private final ConnectionFactory connections;
    private final Clock clock;
    private final SigningKey key;
    private final CheckpointPolicy policy;

    public AuditStore(ConnectionFactory connections, Clock clock, SigningKey key, CheckpointPolicy policy) {
        this.connections = requireNonNull(connections, "connections");
        this.clock = requireNonNull(clock, "clock");
        this.key = requireNonNull(key, "key");
        this.policy = requireNonNull(policy, "policy");
    }

    /** Appends {@code events} in order, stamped with the store's clock; emits the chained records. */
    public Mono<List<ChainRecord>> append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(List.of());
        }
        List<EventFields> fields = events.stream().map(EventFields::of).toList();
        return inChainTransaction(c -> head(c).flatMap(head -> {
            List<ChainRecord> records = link(
                    head,
                    fields.stream()
                            .map(f -> new Stamped(EventTime.now(clock), f))
                            .toList());
            return insert(c, records)
                    .then(checkpointIfDue(c, records.getLast(), false))
                    .thenReturn(records);
        }));
    }

    /**
     * Appends one writer's intakes (positions increasing) with the times they were recorded,
     * skipping those at or below the writer's last position already in the chain; emits the
     * records added (none when all were there). This is what makes a replay exactly-once.
     */
    public Mono<List<ChainRecord>> append(String writer, List<Intake> intakes) {
        for (Intake i : intakes) {
            if (!i.writer().equals(writer)) {
                return Mono.error(new IllegalArgumentException("intakes of another writer in the batch"));
            }
        }
        return inChainTransaction(c -> writtenThrough(c, writer).flatMap(done -> {
            List<Stamped> fresh = intakes.stream()
                    .filter(i -> i.position() > done)
                    .map(i -> new Stamped(i.time(), i.fields()))
                    .toList();
            if (fresh.isEmpty()) {
                return Mono.just(List.<ChainRecord>of());
            }
            long last = intakes.getLast().position();
            return head(c).flatMap(head -> {
                List<ChainRecord> records = link(head, fresh);
                return insert(c, records)
                        .then(Flux.from(c.createStatement(
                                                "insert into audit_intake (writer, position, seq) values ($1, $2, $3)")
                                        .bind(0, writer)
                                        .bind(1, last)
                                        .bind(2, records.getLast().seq())
                                        .execute())
                                .flatMap(Result::getRowsUpdated)
                                .then())
                        .then(checkpointIfDue(c, records.getLast(), false))
                        .thenReturn(records);
            });
        }));
    }

    private static List<ChainRecord> link(Head head, List<Stamped> events) {
        var records = new ArrayList<ChainRecord>(events.size());
        long seq = head.seq();
        String prev = head.hash();
        for (Stamped e : events) {
            ChainRecord r = ChainRecord.link(++seq, e.time(), e.fields(), prev);
            records.add(r);
            prev = r.hash();
        }
        return List.copyOf(records);
    }

    private static Mono<Long> writtenThrough(Connection c, String writer) {
        return Flux.from(c.createStatement(
                                "select coalesce(max(position), 0) as done from audit_intake where writer = $1")
                        .bind(0, writer)
                        .execute())
                .flatMap(r -> r.map((row, meta) -> Rows.required(row.get("done", Long.class), "done")))
                .next();
    }

    /** Signs the head now if any record is not yet covered by a checkpoint; emits the new checkpoint. */
    public Mono<Optional<Checkpoint>> checkpoint() {
        return inChainTransaction(c -> head(c).flatMap(head -> head.seq() == 0
                ? Mono.just(Optional.<Checkpoint>empty())
                : lastCheckpoint(c)
                        .flatMap(last -> last.isPresent() && last.get().seq() == head.seq()
                                ? Mono.just(Optional.<Checkpoint>empty())
                                : sign(c, head.seq(), head.hash()).map(Optional::of))));
    }

    /**
     * Removes every event timed before the start (UTC) of the day {@code days} days ago, whole
     * days only, and chains a {@link AuditEvent.Retention} event saying what went. Emits that event's
     * record, or nothing when no event was old enough.
     */
    public Mono<ChainRecord> retain(int days) {
        if (days < 1) {
            return Mono.error(new IllegalArgumentException("retention keeps at least one day"));
        }
        LocalDate before = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(days - 1L);
        return inChainTransaction(c -> head(c).flatMap(head -> Flux.from(
                                c.createStatement("select removed, through_seq, through_hash from audit_retain($1)")
                                        .bind(0, before)
                                        .execute())
                        .flatMap(result -> result.map((row, meta) -> {
                            long removed = Rows.required(row.get("removed", Long.class), "removed");
                            if (removed == 0) {
                                return Optional.<AuditEvent.Retention>empty();
                            }
                            return Optional.of(new AuditEvent.Retention(
                                    before,
                                    removed,
                                    Rows.required(row.get("through_seq", Long.class), "through_seq"),
                                    ChainHash.hex(Rows.bytes(row, "through_hash"))));
                        }))
                        .next()
                        .flatMap(done -> done.isEmpty()
                                ? Mono.just(Optional.<ChainRecord>empty())
                                : chainOne(c, head, done.get()).map(Optional::of))))
                .flatMap(Mono::justOrEmpty);
    }

    private Mono<ChainRecord> chainOne(Connection c, Head head, AuditEvent event) {
        ChainRecord r = ChainRecord.link(head.seq() + 1, EventTime.now(clock), EventFields.of(event), head.hash());
        return insert(c, List.of(r)).then(checkpointIfDue(c, r, true)).thenReturn(r);
    }

    private Mono<Void> insert(Connection c, List<ChainRecord> records) {
        var statements = new ArrayList<Statement>();
        for (int from = 0; from < records.size(); from += Rows.ROWS_PER_INSERT) {
            List<ChainRecord> chunk = records.subList(from, Math.min(records.size(), from + Rows.ROWS_PER_INSERT));
            Statement s = c.createStatement(Rows.insertEvents(chunk.size()));
            for (int row = 0; row < chunk.size(); row++) {
                Rows.bind(s, row, chunk.get(row));
            }
            statements.add(s);
        }
        return Flux.fromIterable(statements)
                .concatMap(s -> Flux.from(s.execute()).flatMap(Result::getRowsUpdated))
                .then();
    }

    private Mono<Void> checkpointIfDue(Connection c, ChainRecord head, boolean force) {
        return lastCheckpoint(c).flatMap(last -> {
            boolean due = force
                    || last.isEmpty()
                    || head.seq() - last.get().seq() >= policy.everyEvents()
                    || !Duration.between(last.get().time(), clock.instant())
                            .minus(policy.every())
                            .isNegative();
            return due ? sign(c, head.seq(), head.hash()).then() : Mono.empty();
        });
    }

    private Mono<Checkpoint> sign(Connection c, long seq, String hash) {
        Checkpoint checkpoint = key.sign(seq, hash, EventTime.now(clock));
        Statement s = c.createStatement(Rows.INSERT_CHECKPOINT);
        Rows.bind(s, checkpoint);
        return Flux.from(s.execute()).flatMap(Result::getRowsUpdated).then(Mono.just(checkpoint));
    }

    private static Mono<Optional<Checkpoint>> lastCheckpoint(Connection c) {
        return Flux.from(c.createStatement(
                                "select seq, hash, time, key_id, signature from audit_checkpoint order by seq desc limit 1")
                        .execute())
                .flatMap(result -> result.map((row, meta) -> Rows.checkpoint(row)))
                .next()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty());
    }

    private static Mono<Head> head(Connection c) {
        return Flux.from(c.createStatement("select seq, hash from audit_event order by seq desc limit 1")
                        .execute())
                .flatMap(result -> result.map((row, meta) -> new Head(
                        Rows.required(row.get("seq", Long.class), "seq"), ChainHash.hex(Rows.bytes(row, "hash")))))
                .next()
                .defaultIfEmpty(new Head(0, ChainHash.GENESIS));
    }

    /** Runs {@code work} in a transaction holding the chain lock; rolls back on any error. */
    private <T> Mono<T> inChainTransaction(Function<Connection, Mono<T>> work) {
        return Mono.usingWhen(
                Mono.from(connections.create()),
                c -> Mono.from(c.beginTransaction())
                        .then(Flux.from(c.createStatement("select pg_advisory_xact_lock($1)")
                                        .bind(0, CHAIN_LOCK)
                                        .execute())
                                .flatMap(r -> r.map((row, meta) -> 1))
                                .then())
                        .then(work.apply(c))
                        .flatMap(v -> Mono.from(c.commitTransaction()).thenReturn(v)),
                c -> Mono.from(c.close()),
                (c, error) ->
                        Mono.from(c.rollbackTransaction()).onErrorComplete().then(Mono.from(c.close())),
                c -> Mono.from(c.close()));
    }

    private record Stamped(java.time.Instant time, EventFields fields) {}

    /** The last record's seq and hash (0 and the genesis hash for an empty chain). */
    private record Head(long seq, String hash) {}
}
