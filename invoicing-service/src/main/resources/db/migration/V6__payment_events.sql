-- Every payment event received from payment.events.v1, with what invoicing did with it
-- (`outcome`): the attempts history behind GET /v1/admin/dunning, the refunds and disputes of an
-- invoice, and the succeeded payments reconciliation checks against what was invoiced.
-- invoice_id is text: an event may name an invoice this service does not know (recorded, not applied).
create table payment_event (
    event_id         text        primary key,
    invoice_id       text        not null,
    customer_id      text        not null,
    payment_id       text        not null,
    type             text        not null, -- requested, succeeded, failed, requires_action, refunded, disputed, dispute_closed, uncollectible
    attempt          int         not null,
    amount_minor     bigint      not null,
    currency         text        not null,
    decline_code     text,
    failure_reason   text,
    next_attempt_at  timestamptz,
    final_attempt    boolean     not null,
    action_url       text,
    refunded_minor   bigint      not null,
    dispute_outcome  text,
    -- paid, double_charge (money collected for an invoice already paid or void), repeated (the same
    -- payment and attempt reported again), kept_open, uncollectible, disputed, dispute_won,
    -- dispute_lost, refunded, recorded (nothing to change), unknown_invoice
    outcome          text        not null,
    occurred_at      timestamptz not null,
    received_at      timestamptz not null
);
create index payment_event_invoice on payment_event (invoice_id, occurred_at);
create index payment_event_double_charge on payment_event (occurred_at) where outcome = 'double_charge';
