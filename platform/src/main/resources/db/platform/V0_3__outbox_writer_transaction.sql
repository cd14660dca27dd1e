-- The id of the transaction that wrote each row (pg_current_xact_id(), 64 bits: never wraps), so
-- the relay can hold a row back while a transaction that began writing before it may still commit
-- rows of its own (OutboxRelay). Rows written before this migration get the migration's own id:
-- they are all committed already.
alter table outbox_event
    add column writer_txid bigint not null default pg_current_xact_id()::text::bigint;

drop index outbox_event_unpublished;
create index outbox_event_unpublished on outbox_event (writer_txid, id) where published_at is null and parked_at is null;
