-- Where each customer's mail goes, from subscription.state.v1 (latest state wins).
create table contact (
    customer_id   text        primary key,
    email         text,
    display_name  text,
    as_of         timestamptz not null
);

-- Every message sent; "reference" (e.g. invoice:<id>) is unique so a message is sent once.
create table sent_notification (
    notification_id  uuid        primary key,
    customer_id      text        not null,
    reference        text        not null unique,
    channel          text        not null,
    recipient        text        not null,
    subject          text        not null,
    body             text        not null,
    sent_at          timestamptz not null
);
