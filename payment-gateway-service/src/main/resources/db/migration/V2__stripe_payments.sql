-- A payment request is the payment of one invoice; its status only moves forward
-- (request/PaymentStatus.java). Stripe holds the money; these rows hold what Sparks knows of it.
alter table payment_request
    add column invoice_number           text,
    add column attempts                 int         not null default 0,
    add column stripe_payment_intent_id text,
    add column decline_code             text,
    add column failure_reason           text,
    add column action_url               text,
    add column amount_refunded_minor    bigint      not null default 0,
    add column dispute_id               text,
    add column dispute_status           text,
    add column updated_at               timestamptz,
    add column checked_at               timestamptz,
    add column status_attempt           int         not null default 0; -- the attempt the status came from
update payment_request set updated_at = created_at;
alter table payment_request alter column updated_at set not null;
create index payment_request_unsettled on payment_request (updated_at)
    where status in ('processing', 'requires_action');

-- One Stripe Customer per Sparks customer, created on first need.
create table stripe_customer (
    customer_id            text        primary key,
    stripe_customer_id     text        not null unique,
    default_payment_method text,
    created_at             timestamptz not null,
    updated_at             timestamptz not null
);

-- Outbox-style: an attempt is written in the transaction that consumed the invoice event (or that
-- learnt of a new card), and a worker sends it to Stripe with its idempotency key.
create table payment_attempt (
    payment_id               uuid        not null references payment_request,
    attempt                  int         not null,
    idempotency_key          text        not null unique,
    status                   text        not null, -- pending, sent, no_payment_method, skipped, error
    next_try_at              timestamptz not null,
    tries                    int         not null default 0,
    stripe_payment_intent_id text,
    last_error               text,
    created_at               timestamptz not null,
    sent_at                  timestamptz,
    primary key (payment_id, attempt)
);
create index payment_attempt_due on payment_attempt (next_try_at) where status = 'pending';
create index payment_attempt_intent on payment_attempt (stripe_payment_intent_id);

-- Verified Stripe webhook deliveries, one row per Stripe event id, processed asynchronously.
create table stripe_webhook_event (
    event_id          text        primary key,
    type              text        not null,
    stripe_created_at timestamptz not null,
    payload           text        not null,
    received_at       timestamptz not null,
    failures          int         not null default 0,
    next_try_at       timestamptz not null,
    processed_at      timestamptz,
    outcome           text
);
create index stripe_webhook_event_pending on stripe_webhook_event (stripe_created_at) where processed_at is null;

-- Every call to Stripe (each try) and every accepted webhook.
create table stripe_audit (
    id              bigserial   primary key,
    at              timestamptz not null,
    kind            text        not null, -- request, webhook
    operation       text        not null, -- e.g. payment_intents.create, payment_intent.succeeded
    idempotency_key text,
    outcome         text        not null, -- ok, card_error, rate_limited, server_error, network_error, ...
    http_status     int,
    latency_ms      bigint,
    stripe_id       text,
    detail          text
);
create index stripe_audit_at on stripe_audit (at);

-- A refund invoicing asked for (a credit note on a paid invoice), written in the transaction that
-- consumed the credit-note event and sent by a worker with the credit note's number as its key.
create table payment_refund (
    credit_note_number text        primary key,
    payment_id         uuid        not null references payment_request,
    amount_minor       bigint      not null check (amount_minor > 0),
    status             text        not null, -- pending, sent, error
    next_try_at        timestamptz not null,
    tries              int         not null default 0,
    stripe_refund_id   text,
    last_error         text,
    created_at         timestamptz not null
);
create index payment_refund_due on payment_refund (next_try_at) where status = 'pending';
