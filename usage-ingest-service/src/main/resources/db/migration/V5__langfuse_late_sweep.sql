-- The late sweep: Langfuse's public API filters observations by start time only, so an
-- observation that appears (or whose usage changes) more than the overlap after its start is
-- found by a second, slower pass over a long lookback. Its last window and outcome live next to
-- the regular sync's; it shares that row's lease, so the two never bill the same observation at once.
alter table langfuse_sync_state
    add column late_sweep_from   timestamptz,
    add column late_sweep_to     timestamptz,
    add column late_sweep_status text,
    add column late_sweep_detail text;

-- Retention forgets billed usage by the time it was last billed.
create index langfuse_billed_usage_billed_at on langfuse_billed_usage (billed_at);
