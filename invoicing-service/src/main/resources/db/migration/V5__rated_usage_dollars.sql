-- Each rated event's exact dollars (usage.rated.v1 `usd`: its Sparks at the Spark rate of the card
-- that priced it). Invoices bill the sum of these, so a card whose Spark rate changes mid-period
-- bills each event at its own card's rate rather than the whole period at the card in effect at
-- its start. Rows recorded before this column existed are valued at the card in effect when they
-- occurred, or at the default rate of $0.001 when no card covers them.
alter table rated_usage add column usd numeric(38,9);

update rated_usage u
   set usd = u.sparks * coalesce(
           (select c.usd_per_spark
              from rate_card c
             where c.effective_from <= u.occurred_at
               and (c.effective_to is null or c.effective_to > u.occurred_at)
             order by c.effective_from desc
             limit 1),
           0.001);

alter table rated_usage alter column usd set not null;
