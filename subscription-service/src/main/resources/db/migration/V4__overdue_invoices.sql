-- Invoices whose payment failed and is not settled, from payment.events.v1. A subscription stays
-- past_due while any of its invoices is here, so a payment of one invoice does not restore a
-- customer that still owes another. Admin calls without an invoice use invoice_id 'admin'.
create table overdue_invoice (
    customer_id     text        not null references customer (customer_id),
    invoice_id      text        not null,
    attempts        int         not null,
    last_failed_at  timestamptz not null,
    primary key (customer_id, invoice_id)
);
