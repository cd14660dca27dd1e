-- Rated usage per customer, billing period and metric, summed exactly from usage.rated.v1.
create table usage_total (
    customer_id   text          not null,
    period        char(7)       not null, -- YYYY-MM, UTC calendar month of occurred_at
    category      text          not null,
    metric        text          not null,
    unit          text          not null,
    quantity      numeric(38,9) not null,
    sparks        numeric(38,6) not null,
    events        bigint        not null,
    primary key (customer_id, period, category, metric)
);

create table invoice (
    invoice_id     uuid primary key,
    invoice_number text          not null unique,
    customer_id    text          not null,
    period         char(7)       not null,
    status         text          not null, -- draft, finalized, paid, void, uncollectible
    currency       char(3)       not null,
    total_sparks   numeric(38,6) not null,
    total_minor    bigint        not null,
    finalized_at   timestamptz,
    unique (customer_id, period)
);

create table invoice_line (
    invoice_id    uuid          not null references invoice (invoice_id),
    line_no       int           not null,
    description   text          not null,
    category      text          not null,
    quantity      numeric(38,9) not null,
    sparks        numeric(38,6) not null,
    amount_minor  bigint        not null,
    primary key (invoice_id, line_no)
);

-- Gapless invoice numbers: the counter row is updated in the transaction that creates the
-- invoice, so a rolled-back invoice gives its number back.
create table invoice_number_counter (
    series      text   primary key,
    last_value  bigint not null
);
insert into invoice_number_counter (series, last_value) values ('SPK', 0);
