-- What each Langfuse observation has been billed so far, per token type. Langfuse updates a
-- generation's usage after it first appears (streamed output, a late usage report); a later pull
-- bills only the growth, as an event of its own, instead of dropping the update. event_id is the
-- event that brought the billed quantity to this value, so pulling the same state again finds it
-- in accepted_event and counts it as a duplicate.
create table langfuse_billed_usage (
    observation_id text          not null,
    token_type     text          not null,
    quantity       numeric(38,9) not null,
    event_id       text          not null,
    billed_at      timestamptz   not null,
    primary key (observation_id, token_type)
);
