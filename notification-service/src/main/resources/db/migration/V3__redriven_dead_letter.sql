-- Stage dead letters a redrive re-published to their source topic: those written, before mails
-- were queued, for a customer without an address on file. Each is re-published once.
create table redriven_dead_letter (
    dead_letter_id   text        primary key,
    source_event_id  text,
    redriven_at      timestamptz not null
);
