package dev.lap.sandbox.session;

import static java.util.Objects.requireNonNull;

import dev.lap.sandbox.runtime.SandboxSpec.ResourceLimits;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Sessions and their transition history in PostgreSQL, over JDBC: a session changes state a
 * handful of times in its life, so blocking calls on the caller's (worker) thread cost nothing
 * that matters, and a transition is one transaction that checks the state it moves from.
 */
public final class SessionStore {
    private final DataSource data;

    public SessionStore(DataSource data) {
        this.data = requireNonNull(data, "data");
    }

    /** Inserts a new session and its first event. */
    public void insert(Session s) {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement(
                    "insert into lap_session (id, name, agent, user_name, repo, state, reason, created_at, updated_at,"
                            + " expires_at, idle_ttl_seconds, credentials, memory_bytes, max_processes,"
                            + " start_timeout_ms, runtime, policy_revision)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                p.setString(1, s.id());
                p.setString(2, s.name());
                p.setString(3, s.agent());
                p.setString(4, s.user());
                p.setString(5, s.repo());
                p.setString(6, s.state().wireName());
                p.setString(7, s.reason());
                p.setTimestamp(8, Timestamp.from(s.createdAt()));
                p.setTimestamp(9, Timestamp.from(s.updatedAt()));
                p.setTimestamp(10, Timestamp.from(s.expiresAt()));
                p.setLong(11, s.idleTtl().toSeconds());
                p.setString(12, String.join(",", s.credentials()));
                p.setLong(13, s.limits().memoryBytes());
                p.setInt(14, s.limits().maxProcesses());
                p.setLong(15, s.limits().startTimeout().toMillis());
                p.setString(16, s.runtime());
                p.setString(17, s.policyRevision());
                p.executeUpdate();
            }
            event(c, s.id(), 1, s.createdAt(), null, s.state(), s.reason());
            c.commit();
        } catch (SQLException e) {
            throw failed("insert a session", e);
        }
    }

    /**
     * Moves a session from {@code from} to {@code to}, recording the event, if it is still in
     * {@code from}; the session as it is now when it was, empty when it was not (another thread
     * moved it first).
     *
     * @throws IllegalArgumentException if the state machine does not allow the move
     */
    public Optional<Session> transition(String id, SessionState from, SessionState to, String reason, Instant at) {
        if (!from.canMoveTo(to)) {
            throw new IllegalArgumentException(
                    "a session cannot move from " + from.wireName() + " to " + to.wireName());
        }
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            int updated;
            try (PreparedStatement p = c.prepareStatement(
                    "update lap_session set state = ?, reason = ?, updated_at = ? where id = ? and state = ?")) {
                p.setString(1, to.wireName());
                p.setString(2, reason);
                p.setTimestamp(3, Timestamp.from(at));
                p.setString(4, id);
                p.setString(5, from.wireName());
                updated = p.executeUpdate();
            }
            if (updated == 0) {
                c.rollback();
                return Optional.empty();
            }
            int seq;
            try (PreparedStatement p = c.prepareStatement(
                    "select coalesce(max(seq), 0) + 1 from lap_session_event where session_id = ?")) {
                p.setString(1, id);
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                    seq = r.getInt(1);
                }
            }
            event(c, id, seq, at, from, to, reason);
            c.commit();
        } catch (SQLException e) {
            throw failed("record a session transition", e);
        }
        return find(id);
    }

    public Optional<Session> find(String id) {
        List<Session> found = select("select * from lap_session where id = ?", id);
        return found.stream().findFirst();
    }

    /** Every session, newest first. */
    public List<Session> list() {
        return select("select * from lap_session order by created_at desc, id");
    }

    /** The sessions in one of {@code states}. */
    public List<Session> inStates(SessionState... states) {
        String[] names = Arrays.stream(states).map(SessionState::wireName).toArray(String[]::new);
        try (Connection c = data.getConnection();
                PreparedStatement p =
                        c.prepareStatement("select * from lap_session where state = any (?) order by created_at, id")) {
            p.setArray(1, c.createArrayOf("text", names));
            return rows(p);
        } catch (SQLException e) {
            throw failed("read sessions", e);
        }
    }

    /** A session's history, oldest first. */
    public List<SessionEvent> events(String id) {
        try (Connection c = data.getConnection();
                PreparedStatement p =
                        c.prepareStatement("select * from lap_session_event where session_id = ? order by seq")) {
            p.setString(1, id);
            List<SessionEvent> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    String from = r.getString("from_state");
                    out.add(new SessionEvent(
                            id,
                            r.getInt("seq"),
                            r.getTimestamp("time").toInstant(),
                            from == null ? null : SessionState.fromWire(from),
                            SessionState.fromWire(r.getString("to_state")),
                            r.getString("reason")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed("read a session's events", e);
        }
    }

    /** True when the database answers; for readiness. */
    public boolean reachable() {
        try (Connection c = data.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private List<Session> select(String sql, String... args) {
        try (Connection c = data.getConnection();
                PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setString(i + 1, args[i]);
            }
            return rows(p);
        } catch (SQLException e) {
            throw failed("read sessions", e);
        }
    }

    private static List<Session> rows(PreparedStatement p) throws SQLException {
        List<Session> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                String credentials = r.getString("credentials");
                out.add(new Session(
                        r.getString("id"),
                        r.getString("name"),
                        r.getString("agent"),
                        r.getString("user_name"),
                        r.getString("repo"),
                        SessionState.fromWire(r.getString("state")),
                        r.getString("reason"),
                        r.getTimestamp("created_at").toInstant(),
                        r.getTimestamp("updated_at").toInstant(),
                        r.getTimestamp("expires_at").toInstant(),
                        Duration.ofSeconds(r.getLong("idle_ttl_seconds")),
                        credentials.isEmpty()
                                ? new LinkedHashSet<>()
                                : new LinkedHashSet<>(Arrays.asList(credentials.split(","))),
                        new ResourceLimits(
                                r.getLong("memory_bytes"),
                                r.getInt("max_processes"),
                                Duration.ofMillis(r.getLong("start_timeout_ms"))),
                        r.getString("runtime"),
                        r.getString("policy_revision")));
            }
        }
        return out;
    }

    private static void event(
            Connection c, String id, int seq, Instant at, @Nullable SessionState from, SessionState to, String reason)
            throws SQLException {
        try (PreparedStatement p =
                c.prepareStatement("insert into lap_session_event (session_id, seq, time, from_state, to_state, reason)"
                        + " values (?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setInt(2, seq);
            p.setTimestamp(3, Timestamp.from(at));
            p.setString(4, from == null ? null : from.wireName());
            p.setString(5, to.wireName());
            p.setString(6, reason);
            p.executeUpdate();
        }
    }

    private static SessionStoreException failed(String what, SQLException e) {
        return new SessionStoreException("could not " + what + ": " + e.getMessage(), e);
    }
}
