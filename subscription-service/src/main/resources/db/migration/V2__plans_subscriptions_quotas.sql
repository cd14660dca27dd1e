-- The plan catalog. Seeded from catalog/plans.json on first start, then edited through the admin API.
create table plan (
    plan_id                  text primary key,
    display_name             text          not null,
    tier                     int           not null, -- order for upgrade (higher) and downgrade (lower)
    monthly_price_minor      bigint        not null, -- USD cents per month
    annual_discount_percent  numeric(5,2)  not null,
    included_sparks          numeric(38,6) not null, -- per month (quota period)
    overage                  text          not null check (overage in ('billed', 'blocked')),
    grace_percent            numeric(5,2)  not null, -- blocked plans: soft margin above the limit before the hard block
    trial_period             text,                   -- ISO-8601 period (P14D, P1M); null: no trial
    trial_end_behavior       text          not null check (trial_end_behavior in ('downgrade', 'pause', 'cancel')),
    quota_period             text          not null check (quota_period in ('calendar', 'anniversary'))
);

-- (plan, feature, enabled, usage_limit): feature flags and per-period limits. A feature named like a
-- metric (ai_tokens, compute_minutes) limits that metric's quantity; others (chatbots) are counted by apps.
create table plan_feature (
    plan_id      text    not null references plan (plan_id),
    feature      text    not null,
    enabled      boolean not null,
    usage_limit  numeric(38,6),
    primary key (plan_id, feature)
);

-- Enterprise custom quotas: override the plan's row for one customer; feature 'sparks' overrides the included Sparks.
create table customer_quota (
    customer_id  text    not null references customer (customer_id),
    feature      text    not null,
    enabled      boolean not null,
    usage_limit  numeric(38,6),
    primary key (customer_id, feature)
);

-- A customer row is also its subscription: one subscription per customer.
alter table customer
    add column auth0_sub             text unique,
    add column stripe_customer_id    text,
    add column has_payment_method    boolean     not null default false,
    add column billing_interval      text        not null default 'monthly' check (billing_interval in ('monthly', 'annual')),
    add column trial_ends_at         timestamptz,
    add column trial_used            boolean     not null default false,
    add column period_start          timestamptz,
    add column period_end            timestamptz,
    add column quota_anchor          timestamptz, -- anniversary plans: quota periods start at this instant's day and time
    add column cancel_at_period_end  boolean     not null default false,
    add column scheduled_plan        text,
    add column scheduled_interval    text;

update customer set period_start = date_trunc('month', now() at time zone 'utc') at time zone 'utc',
                    period_end = (date_trunc('month', now() at time zone 'utc') + interval '1 month') at time zone 'utc';
alter table customer alter column period_start set not null, alter column period_end set not null;
create index customer_trial_due on customer (trial_ends_at) where status = 'trialing';
create index customer_period_due on customer (period_end);

-- Every state change and plan change, with who made it.
create table subscription_audit (
    id           bigserial primary key,
    customer_id  text        not null references customer (customer_id),
    transition   text        not null,
    from_state   text,
    to_state     text        not null,
    from_plan    text,
    to_plan      text        not null,
    actor        text        not null,
    detail       text,
    occurred_at  timestamptz not null
);
create index subscription_audit_customer on subscription_audit (customer_id, id);

-- Trial notices sent: one row per (customer, trial end, kind) makes each reminder happen once, across restarts and instances.
create table trial_notice (
    customer_id    text        not null references customer (customer_id),
    trial_ends_at  timestamptz not null,
    kind           text        not null, -- 7d, 3d, 1d, expired
    sent           boolean     not null, -- false: skipped because a later reminder was already due
    recorded_at    timestamptz not null,
    primary key (customer_id, trial_ends_at, kind)
);

-- Usage per customer, quota period and metric ('sparks', or a metric's quantity).
create table quota_counter (
    customer_id   text          not null,
    period_start  timestamptz   not null,
    metric        text          not null,
    used          numeric(38,9) not null,
    events        bigint        not null,
    updated_at    timestamptz   not null,
    primary key (customer_id, period_start, metric)
);

-- Threshold crossings announced: once per (customer, period, metric, threshold), whatever the usage does after.
create table threshold_crossing (
    customer_id   text        not null,
    period_start  timestamptz not null,
    metric        text        not null,
    threshold     int         not null,
    crossed_at    timestamptz not null,
    primary key (customer_id, period_start, metric, threshold)
);

-- Usage authorized by /v1/quota/authorize and not yet seen on usage.rated.v1.
create table quota_reservation (
    reservation_id  uuid          primary key,
    customer_id     text          not null,
    metric          text          not null,
    remaining       numeric(38,9) not null,
    created_at      timestamptz   not null,
    expires_at      timestamptz   not null
);
create index quota_reservation_open on quota_reservation (customer_id, metric, expires_at);

-- Sparks per customer and UTC hour, for spike detection; and the spikes announced.
create table hourly_usage (
    customer_id  text          not null,
    hour         timestamptz   not null,
    sparks       numeric(38,6) not null,
    primary key (customer_id, hour)
);
create table spike_alert (
    customer_id  text        not null,
    hour         timestamptz not null,
    primary key (customer_id, hour)
);
