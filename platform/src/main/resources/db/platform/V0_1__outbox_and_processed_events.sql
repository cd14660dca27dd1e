-- Platform tables present in every service database. Platform migrations are numbered 0.x so they
-- sort before a service's own (1, 2, ...); services run Flyway with outOfOrder so a platform
-- migration released later is still applied (docs/architecture.md, "Migrations").

-- Events waiting to be published: written in the same transaction as the state change they announce.
create table outbox_event (
    id            bigserial primary key,
    topic         text        not null,
    message_key   text        not null,
    event_id      text        not null,
    payload       bytea       not null,
    created_at    timestamptz not null default now(),
    published_at  timestamptz
);
create index outbox_event_unpublished on outbox_event (id) where published_at is null;

-- Every event a consumer has applied, recorded in the same transaction as its effect.
create table processed_event (
    consumer      text        not null,
    event_id      text        not null,
    processed_at  timestamptz not null default now(),
    primary key (consumer, event_id)
);
