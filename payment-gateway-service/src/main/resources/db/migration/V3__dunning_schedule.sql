-- Dunning counts its retries from the payment's first failure.
alter table payment_request add column first_failed_at timestamptz;
