--liquibase formatted sql

-- lap-server's API tokens. Only a SHA-256 of each token is kept; the token itself is written once,
-- for its owner (the admin token to <state-dir>/admin-token, mode 0600).

--changeset lap:console-1-api-tokens
create table lap_api_token (
    name text primary key,
    token_sha256 bytea not null unique check (octet_length(token_sha256) = 32),
    created_at timestamptz not null
);
