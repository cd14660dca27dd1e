-- Only for the platform's own tests: the visible effect of a test stage.
create table test_effect (
    event_id     text primary key,
    customer_id  text not null,
    metric       text not null
);
