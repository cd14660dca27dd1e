-- One payment request per finalized invoice; the Stripe charge that settles it comes later.
create table payment_request (
    payment_id    uuid        primary key,
    invoice_id    uuid        not null unique,
    customer_id   text        not null,
    amount_minor  bigint      not null,
    currency      char(3)     not null,
    status        text        not null, -- requested, succeeded, failed
    created_at    timestamptz not null default now()
);
