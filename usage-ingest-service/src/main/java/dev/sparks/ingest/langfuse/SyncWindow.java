package dev.sparks.ingest.langfuse;

import java.time.Instant;

/** Observations with {@code from <= startTime < to}. */
public record SyncWindow(Instant from, Instant to) {}
