-- Keys of the internal apps that publish usage. Only a hash of the secret is kept: the key is
-- shown once, when it is created.
create table app_key (
    key_id        text        primary key,
    app_name      text        not null,
    secret_sha256 bytea       not null,
    created_at    timestamptz not null default now(),
    revoked_at    timestamptz
);

-- Event ids already on usage.raw.v1, recorded after the Kafka transaction committed. A fast path
-- that answers "duplicate" without publishing again; the idempotent consumers downstream remain
-- the authority (docs/architecture.md, "Where duplicates are removed").
create table accepted_event (
    event_id    text        primary key,
    source      text        not null,
    accepted_at timestamptz not null default now()
);
create index accepted_event_age on accepted_event (accepted_at);
