-- Closing a period claims the customer's unbilled events; without this index the claim visits every
-- event the customer ever had, billed or not, so it would slow down month after month.
create index rated_usage_unbilled on rated_usage (customer_id, occurred_at) where invoice_id is null;
