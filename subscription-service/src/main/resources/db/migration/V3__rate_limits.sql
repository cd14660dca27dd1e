-- Rate limits on POST /v1/quota/authorize: `requests` per `per` (second or minute), refilled
-- continuously, with up to `burst` requests at once. A plan's default (null: unlimited) applies
-- unless the customer has its own (Enterprise). Catalogs seeded before this migration keep no default
-- until an admin sets one; new catalogs get the shipped defaults from catalog/plans.json.
alter table plan
    add column rate_limit_requests int check (rate_limit_requests > 0),
    add column rate_limit_per      text check (rate_limit_per in ('second', 'minute')),
    add column rate_limit_burst    int check (rate_limit_burst > 0),
    add constraint plan_rate_limit_whole check (
        (rate_limit_requests is null) = (rate_limit_per is null) and (rate_limit_per is null) = (rate_limit_burst is null));

create table customer_rate_limit (
    customer_id  text        primary key references customer (customer_id),
    requests     int         not null check (requests > 0),
    per          text        not null check (per in ('second', 'minute')),
    burst        int         not null check (burst > 0),
    updated_at   timestamptz not null
);

-- One token bucket per customer, shared by every instance: read and written only under the
-- per-customer advisory lock that quota/authorize already takes. `tokens` as of `refilled_at`.
create table rate_limit_bucket (
    customer_id  text          primary key,
    tokens       numeric(20,9) not null,
    refilled_at  timestamptz   not null
);
