-- Usage ingestion received but could not publish on usage.raw.v1 (ingest.dead-letter.v1), e.g.
-- LiveKit usage whose Sparks customer could not be resolved. It never reaches ingested_usage, so
-- reconciliation lists it from here as ingested but not billed, with the reason.
create table unbilled_ingest (
    dead_letter_id  text        primary key,
    customer_id     text,                   -- null when ingestion could not tell (customer_unresolved)
    occurred_at     timestamptz not null,   -- when ingestion gave up on it: the month it is reconciled in
    source          text        not null,   -- where it came from, e.g. webhook:livekit
    reason          text        not null,   -- a code: customer_unresolved, or rejected_at_ingest
    detail          text        not null    -- ingestion's reason as written
);
create index unbilled_ingest_time on unbilled_ingest (occurred_at);
