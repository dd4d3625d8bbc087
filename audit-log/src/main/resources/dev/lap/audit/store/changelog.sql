--liquibase formatted sql

-- The audit log's schema. Run by the migration role (it owns every object here); the runtime
-- role named by the changelog parameter runtime_role may only SELECT and INSERT, and EXECUTE the
-- retention function. docs/audit.md explains each part.

--changeset lap:audit-1-tables
create table audit_event (
    seq bigint primary key check (seq > 0),
    time timestamptz not null,
    kind text not null,
    session text,
    user_name text,
    agent text,
    request_id text,
    trace_id text,
    method text,
    host text,
    port integer,
    path text,
    decision text,
    rule text,
    policy_revision text,
    credential_id text,
    credential_fingerprint text,
    detail jsonb not null,
    prev_hash bytea not null check (octet_length(prev_hash) = 32),
    hash bytea not null unique check (octet_length(hash) = 32)
);

-- One index per query filter, each ending in seq: a filtered page is an index range in seq order.
create index audit_event_time on audit_event (time, seq);
create index audit_event_session on audit_event (session, seq) where session is not null;
create index audit_event_user on audit_event (user_name, seq) where user_name is not null;
create index audit_event_agent on audit_event (agent, seq) where agent is not null;
create index audit_event_credential on audit_event (credential_id, seq) where credential_id is not null;
create index audit_event_host on audit_event (host, seq) where host is not null;
create index audit_event_decision on audit_event (decision, seq) where decision is not null;
create index audit_event_rule on audit_event (rule, seq) where rule is not null;
create index audit_event_policy_revision on audit_event (policy_revision, seq) where policy_revision is not null;
create index audit_event_request_id on audit_event (request_id) where request_id is not null;

create table audit_checkpoint (
    seq bigint primary key,
    hash bytea not null check (octet_length(hash) = 32),
    time timestamptz not null,
    key_id text not null,
    signature bytea not null
);

--changeset lap:audit-2-append-only splitStatements:false
-- Rows are never changed. Deleting is allowed only inside audit_retain, which sets the
-- transaction-local flag lap.audit_retention; the runtime role has no DELETE grant at all, so the
-- flag only matters to the owner, and a superuser who disables triggers is caught by the chain.
create function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('lap.audit_retention', true) = 'on' then
        return old;
    end if;
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
end
$$;

create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_refuse_change();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_refuse_change();
create trigger audit_checkpoint_append_only before update or delete on audit_checkpoint
    for each row execute function audit_refuse_change();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function audit_refuse_change();

-- Removes the chain's prefix up to the last event timed before before_day (UTC midnight), and the
-- checkpoints over it; returns what it removed so the caller can chain a retention event in the
-- same transaction. It runs as its owner (the migration role) and is the only path that may
-- delete. Created through format() so its search_path names this schema, fixed, with pg_temp last:
-- a caller cannot shadow the tables.
do $do$
begin
    execute format($f$
create function audit_retain(before_day date)
returns table (removed bigint, through_seq bigint, through_hash bytea)
language plpgsql security definer set search_path = %I, pg_catalog, pg_temp as $$
begin
    if before_day > (now() at time zone 'UTC')::date then
        raise exception 'retention cannot remove days that have not ended (before %%)', before_day;
    end if;
    select max(e.seq) into through_seq from audit_event e
        where e.time < (before_day::timestamp at time zone 'UTC');
    if through_seq is null then
        removed := 0;
        return next;
        return;
    end if;
    select e.hash into through_hash from audit_event e where e.seq = through_seq;
    perform set_config('lap.audit_retention', 'on', true);
    delete from audit_event e where e.seq <= through_seq;
    get diagnostics removed = row_count;
    delete from audit_checkpoint c where c.seq <= through_seq;
    perform set_config('lap.audit_retention', 'off', true);
    return next;
end
$$$f$, current_schema());
end
$do$;

--changeset lap:audit-3-grants
revoke all on audit_event, audit_checkpoint from public;
revoke all on function audit_retain(date) from public;
grant select, insert on audit_event, audit_checkpoint to ${runtime_role};
grant execute on function audit_retain(date) to ${runtime_role};

--changeset lap:audit-4-intake splitStatements:false
-- How far each writer's events have been chained: one row per batch, (writer, position) of its
-- last event and the seq it got. A replay (after an outage, from the spool) skips what a writer
-- already wrote, so it happens exactly once even when a commit succeeded but its answer was lost.
create table audit_intake (
    writer text not null,
    position bigint not null,
    seq bigint not null,
    primary key (writer, position)
);
create trigger audit_intake_append_only before update or delete on audit_intake
    for each row execute function audit_refuse_change();
create trigger audit_intake_no_truncate before truncate on audit_intake
    for each statement execute function audit_refuse_change();
revoke all on audit_intake from public;
grant select, insert on audit_intake to ${runtime_role};

--changeset lap:audit-5-delete-only-from-audit-retain splitStatements:false
-- The flag alone would let any session that sets it (and holds DELETE: the owner) delete rows
-- directly. Now a delete must also run inside audit_retain, as the PL/pgSQL call stack shows.
-- An owner can still drop the trigger; that, like a superuser's edits, is what the chain detects.
create or replace function audit_refuse_change() returns trigger
language plpgsql as $$
declare
    stack text;
begin
    if tg_op = 'DELETE' and current_setting('lap.audit_retention', true) = 'on' then
        get diagnostics stack = pg_context;
        if position('function audit_retain(date)' in stack) > 0 then
            return old;
        end if;
    end if;
    raise exception 'the audit log is append-only: % on % refused', tg_op, tg_table_name
        using errcode = '42501';
end
$$;
