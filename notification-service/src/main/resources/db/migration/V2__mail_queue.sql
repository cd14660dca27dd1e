-- Mails to send, one row per reference. The consuming stage only queues a mail (no SMTP inside its
-- transaction); a sender hands due mails to SMTP one at a time, each in a transaction of its own,
-- so one mail failing never rolls back, and never resends, another.
--   pending           due at next_attempt_at (first try, or the retry after a transient failure)
--   awaiting_address  the customer has no address on file yet; released when one arrives
--   sent              accepted by SMTP (the copy as sent is in sent_notification)
--   failed            refused for good (5xx reply, invalid address): dead-lettered, re-drivable
--   dropped           no address arrived within the retention; counted, never sent
-- The greeting is not stored: it is written at send time from the contact then on file.
-- id keeps the order mails were queued in, for mails due at the same instant.
create table mail_queue (
    id                bigserial   primary key,
    reference         text        not null unique,
    customer_id       text        not null,
    subject           text        not null,
    content           text        not null,
    status            text        not null
        check (status in ('pending', 'awaiting_address', 'sent', 'failed', 'dropped')),
    attempts          integer     not null default 0,
    next_attempt_at   timestamptz,
    last_error        text,
    queued_at         timestamptz not null,
    source_topic      text        not null,
    source_partition  integer     not null,
    source_offset     bigint      not null,
    source_event_id   text        not null
);
create index mail_queue_due on mail_queue (next_attempt_at, id) where status = 'pending';
create index mail_queue_awaiting on mail_queue (customer_id, queued_at) where status = 'awaiting_address';
create index mail_queue_failed on mail_queue (customer_id) where status = 'failed';
