-- Invoicing keeps every rated event on its own (not only totals), so an invoice names exactly the
-- events it billed: late usage is found by "not billed yet", never lost and never billed twice,
-- and reconciliation can list differences by event id.
create table rated_usage (
    event_id      text          primary key,
    raw_event_id  text          not null,
    kind          text          not null, -- original, correction
    customer_id   text          not null,
    occurred_at   timestamptz   not null,
    category      text          not null,
    metric        text          not null,
    unit          text          not null,
    quantity      numeric(38,9) not null,
    sparks        numeric(38,6) not null,
    invoice_id    uuid                    -- the finalized invoice that billed it; null until then
);
create index rated_usage_customer_time on rated_usage (customer_id, occurred_at);
create index rated_usage_invoice on rated_usage (invoice_id) where invoice_id is not null;
create index rated_usage_raw on rated_usage (raw_event_id);

-- What ingestion accepted (usage.raw.v1), kept for reconciliation only.
create table ingested_usage (
    event_id     text          primary key,
    customer_id  text          not null,
    metric       text          not null,
    quantity     numeric(38,9) not null,
    occurred_at  timestamptz   not null
);
create index ingested_usage_time on ingested_usage (occurred_at);

-- The subscription history as published on subscription.state.v1: one row per record received.
create table subscription_snapshot (
    event_id                 text          primary key,
    customer_id              text          not null,
    effective_at             timestamptz   not null,
    plan                     text          not null,
    state                    text          not null,
    billing_interval         text          not null,
    monthly_price_minor      bigint        not null,
    annual_discount_percent  numeric(9,4)  not null,
    currency                 char(3)       not null,
    included_sparks          numeric(38,6) not null,
    overage_billed           boolean       not null,
    transition               text
);
create index subscription_snapshot_customer on subscription_snapshot (customer_id, effective_at);

-- Who invoicing bills and the one period open for each: periods follow each other without gap.
create table billing_account (
    customer_id     text        primary key,
    display_name    text,
    email           text,
    auth_subject    text,
    billing_anchor  timestamptz,          -- null: calendar months in UTC; else anniversary periods
    period_start    timestamptz not null, -- inclusive
    period_end      timestamptz not null  -- exclusive
);
create index billing_account_due on billing_account (period_end);
create index billing_account_subject on billing_account (auth_subject);

-- Rate cards as published on rating.rate-cards.v1: the Spark rate and volume discount per period.
create table rate_card (
    version              text          primary key,
    effective_from       timestamptz   not null,
    effective_to         timestamptz,
    usd_per_spark        numeric(18,9) not null,
    discount_threshold   numeric(38,6),
    discount_percent     numeric(9,4),
    discount_scope       text          -- above_threshold, whole_month
);

-- One-off charges and credits an admin puts on a customer's next invoice (add-ons, promotions).
create table invoice_item (
    item_id       uuid          primary key,
    customer_id   text          not null,
    kind          text          not null, -- add_on, credit
    description   text          not null,
    quantity      numeric(38,9) not null,
    amount_minor  bigint        not null, -- add-ons positive; credits are applied up to the invoice's total
    created_at    timestamptz   not null,
    invoice_id    uuid
);
create index invoice_item_pending on invoice_item (customer_id) where invoice_id is null;

-- Invoices now cover an exact period and follow a lifecycle; usage_total is replaced by rated_usage.
drop table usage_total;
alter table invoice drop constraint invoice_customer_id_period_key;
alter table invoice
    add column period_start  timestamptz not null,
    add column period_end    timestamptz not null,
    add column status_reason text,
    add column status_changed_at timestamptz,
    alter column period type text;
alter table invoice add constraint invoice_customer_period_start unique (customer_id, period_start);
create index invoice_customer on invoice (customer_id, period_start);
create index invoice_finalized_at on invoice (finalized_at);

alter table invoice_line
    add column section text not null default 'Usage',
    add column metric  text,
    add column unit    text,
    alter column quantity drop not null,
    alter column sparks drop not null;

-- Corrections after finalization: credit notes referencing the invoice, numbered in a series of their own.
create table credit_note (
    credit_note_id  uuid        primary key,
    number          text        not null unique,
    invoice_id      uuid        not null references invoice (invoice_id),
    customer_id     text        not null,
    reason          text        not null,
    amount_minor    bigint      not null check (amount_minor > 0),
    issued_at       timestamptz not null
);
create index credit_note_invoice on credit_note (invoice_id);
insert into invoice_number_counter (series, last_value) values ('CN', 0);

-- Every closed period, invoiced or not (nothing to bill gives no invoice): closing the same period
-- twice finds this row, and usage that arrives late is measured against what the period billed.
create table closed_period (
    customer_id      text          not null,
    period_start     timestamptz   not null,
    period_end       timestamptz   not null,
    included_sparks  numeric(38,6) not null,
    overage_billed   boolean       not null,
    usage_sparks     numeric(38,6) not null, -- billed for this period so far, late adjustments included
    invoice_id       uuid,
    closed_at        timestamptz   not null,
    primary key (customer_id, period_start)
);
