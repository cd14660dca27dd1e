-- A row Kafka refuses for good (larger than the producer's max.request.size, an invalid topic
-- name) is parked, with the reason, instead of blocking every row written after it. An operator
-- republishes a parked row by fixing the cause and setting parked_at back to null.
alter table outbox_event
    add column parked_at   timestamptz,
    add column park_reason text;

drop index outbox_event_unpublished;
create index outbox_event_unpublished on outbox_event (id) where published_at is null and parked_at is null;
create index outbox_event_parked on outbox_event (id) where published_at is null and parked_at is not null;
