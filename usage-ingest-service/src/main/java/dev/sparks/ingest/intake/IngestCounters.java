package dev.sparks.ingest.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code sparks.ingest.events}: every event that reached the service, by source ({@code api},
 * {@code livekit}, {@code langfuse}) and outcome, so accepted + duplicate + rejected + dead-lettered
 * accounts for everything that arrived (Langfuse adds error_logged: kept for manual resolution). Reasons are short fixed words, never free text, to keep
 * the number of series bounded.
 */
public class IngestCounters {

    public static final String METER = "sparks.ingest.events";

    private final MeterRegistry meters;

    public IngestCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    public void accepted(String source, int events) {
        count(source, "accepted", "none", events);
    }

    public void duplicate(String source, int events) {
        count(source, "duplicate", "none", events);
    }

    public void rejected(String source, String reason, int events) {
        count(source, "rejected", reason, events);
    }

    public void deadLettered(String source, String reason) {
        count(source, "dead_lettered", reason, 1);
    }

    /** Usage that could not be converted and waits in a sync-error log for resolution. */
    public void errorLogged(String source, int events) {
        count(source, "error_logged", "none", events);
    }

    public void ignored(String source, String reason) {
        count(source, "ignored", reason, 1);
    }

    private void count(String source, String outcome, String reason, int events) {
        if (events > 0) {
            Counter.builder(METER)
                    .description("Usage events that reached ingestion, by source and outcome")
                    .tag("source", source)
                    .tag("outcome", outcome)
                    .tag("reason", reason)
                    .register(meters)
                    .increment(events);
        }
    }
}
