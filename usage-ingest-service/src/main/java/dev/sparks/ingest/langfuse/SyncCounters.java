package dev.sparks.ingest.langfuse;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code sparks.ingest.events{source=langfuse, outcome=...}}: the same meter the other sources
 * count on, so one query shows accepted, duplicate and error-logged usage per source.
 */
class SyncCounters {

    static final String METER = "sparks.ingest.events";

    private final Counter accepted;
    private final Counter duplicate;
    private final Counter errorLogged;

    SyncCounters(MeterRegistry meters) {
        this.accepted = counter(meters, "accepted");
        this.duplicate = counter(meters, "duplicate");
        this.errorLogged = counter(meters, "error_logged");
    }

    void accepted(int events) {
        accepted.increment(events);
    }

    void duplicate(int events) {
        duplicate.increment(events);
    }

    void errorLogged(int observations) {
        errorLogged.increment(observations);
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder(METER)
                .description("Usage events offered to ingestion, by source and outcome")
                .tag("source", ObservationConverter.SOURCE)
                .tag("outcome", outcome)
                .register(meters);
    }
}
