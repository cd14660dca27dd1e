-- Rate card versions. The rules are kept as the JSON document the admin API accepted (the card's
-- own format, see RateCardDocument); the columns the service queries on are kept beside it.
create table rate_card (
    version        text        primary key,
    status         text        not null check (status in ('draft', 'published')),
    effective_from timestamptz not null,
    effective_to   timestamptz,
    rules          jsonb       not null,
    created_at     timestamptz not null,
    published_at   timestamptz,
    check (effective_to is null or effective_to > effective_from)
);

-- Every raw event rated, with what downstream has been told it costs. Written (idempotently, by
-- raw event id) before the rated event's Kafka transaction commits; the first pricing of an event
-- wins, so a retried transaction re-emits the very same rated event. Re-rating reads the raw
-- payload from here and moves current_* in the transaction that writes its corrections to the outbox.
create table rated_event (
    raw_event_id           text          primary key,
    customer_id            text          not null,
    occurred_at            timestamptz   not null,
    metric                 text          not null,
    plan                   text          not null,
    raw_payload            bytea         not null,
    original_event_id      text          not null,
    original_payload       bytea         not null,
    original_card_version  text          not null,
    current_card_version   text          not null,
    current_sparks         numeric(38,6) not null,
    corrections            integer       not null default 0,
    rated_at               timestamptz   not null
);
create index rated_event_customer_time on rated_event (customer_id, occurred_at);
create index rated_event_time on rated_event (occurred_at);

-- Metrics that have been rated at least once: a new card must still price them.
create table metric_in_use (
    metric text primary key
);

-- Each customer's plan, from the compacted subscription.state.v1; unknown customers use the default plan.
create table customer_plan (
    customer_id text        primary key,
    plan        text        not null,
    as_of       timestamptz not null
);

-- Dead letters already re-driven, so a second redrive does not publish them again.
create table redriven_dead_letter (
    dead_letter_id text        primary key,
    raw_event_id   text,
    redriven_at    timestamptz not null
);
