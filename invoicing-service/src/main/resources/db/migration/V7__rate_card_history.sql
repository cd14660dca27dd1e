-- Published rate cards are an append-only history: where several cover an instant, the one that
-- starts latest applies, and of cards starting together the one published last (a correction).
-- Cards recorded before this column existed count as published when they took effect.
alter table rate_card add column published_at timestamptz;
update rate_card set published_at = effective_from;
alter table rate_card alter column published_at set not null;
