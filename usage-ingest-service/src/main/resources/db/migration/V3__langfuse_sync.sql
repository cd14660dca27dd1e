-- Progress of the Langfuse pull sync. One row per sync; the watermark is the end of the last
-- window whose observations were all durably published, so a failed run leaves it unchanged and
-- the next run pulls the same window again (deterministic event ids make that harmless).
-- The lease keeps two instances, or a manual and a scheduled run, from syncing at the same time
-- without holding a database connection open across the HTTP calls to Langfuse.
create table langfuse_sync_state (
    sync_name        text        primary key,
    watermark        timestamptz,
    last_window_from timestamptz,
    last_window_to   timestamptz,
    last_api_version text,
    last_status      text,
    last_detail      text,
    lease_owner      text,
    lease_until      timestamptz,
    updated_at       timestamptz not null default now()
);
insert into langfuse_sync_state (sync_name) values ('langfuse');

-- Observations that could not be turned into usage (no customer, bad token counts, ...). Kept
-- with the raw payload for manual resolution; never dropped. One row per observation.
create table langfuse_sync_error (
    error_id       uuid        primary key,
    observation_id text        not null unique,
    trace_id       text,
    payload        jsonb       not null,
    reason         text        not null,
    status         text        not null default 'open' check (status in ('open', 'resolved')),
    attempts       integer     not null default 0,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
create index langfuse_sync_error_open on langfuse_sync_error (created_at) where status = 'open';

-- Every retry of a logged error and how it ended.
create table langfuse_sync_error_attempt (
    attempt_id   bigint      generated always as identity primary key,
    error_id     uuid        not null references langfuse_sync_error (error_id),
    attempted_at timestamptz not null default now(),
    outcome      text        not null check (outcome in ('succeeded', 'failed')),
    detail       text
);
create index langfuse_sync_error_attempt_error on langfuse_sync_error_attempt (error_id);
