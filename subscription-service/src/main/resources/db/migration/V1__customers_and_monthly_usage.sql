create table customer (
    customer_id   text primary key,
    plan          text        not null,
    status        text        not null,
    email         text,
    display_name  text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);

-- Sparks used per customer and calendar month (UTC), from usage.rated.v1.
create table monthly_usage (
    customer_id   text          not null references customer (customer_id),
    month         char(7)       not null, -- YYYY-MM
    sparks        numeric(38,6) not null,
    events        bigint        not null,
    primary key (customer_id, month)
);
