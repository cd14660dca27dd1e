-- Webhook deliveries already applied, by LiveKit's event id (LiveKit delivers at least once).
create table livekit_webhook (
    event_id    text        primary key,
    event       text        not null,
    received_at timestamptz not null default now()
);

-- Rooms seen, so egress and ingress events (which name only the room) find the room's customer.
create table livekit_room (
    room_name   text        primary key,
    room_sid    text,
    customer_id text,
    started_at  timestamptz,
    finished_at timestamptz
);

-- One row per participant session: open until participant_left, connection_aborted or
-- room_finished closes it. A session is billed once, when it closes.
create table livekit_session (
    room_name        text        not null,
    participant_sid  text        not null,
    identity         text        not null,
    kind             text        not null,
    customer_id      text,
    joined_at        timestamptz not null,
    left_at          timestamptz,
    primary key (room_name, participant_sid)
);
create index livekit_session_open on livekit_session (room_name) where left_at is null;
