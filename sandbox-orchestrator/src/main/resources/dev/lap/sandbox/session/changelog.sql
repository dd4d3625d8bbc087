--liquibase formatted sql

-- Sessions and their history. docs/server.md explains each column.

--changeset lap:session-1-tables
create table lap_session (
    id text primary key,
    name text not null,
    agent text not null,
    user_name text not null,
    repo text not null,
    state text not null check (state in
        ('admitting', 'starting', 'ready', 'attached', 'stopping', 'stopped', 'failed')),
    reason text not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    expires_at timestamptz not null,
    idle_ttl_seconds bigint not null,
    credentials text not null,
    memory_bytes bigint not null,
    max_processes integer not null,
    start_timeout_ms bigint not null,
    runtime text not null,
    policy_revision text
);

create index lap_session_state on lap_session (state);
create index lap_session_created on lap_session (created_at, id);

create table lap_session_event (
    session_id text not null references lap_session (id),
    seq integer not null,
    time timestamptz not null,
    from_state text,
    to_state text not null,
    reason text not null,
    primary key (session_id, seq)
);
