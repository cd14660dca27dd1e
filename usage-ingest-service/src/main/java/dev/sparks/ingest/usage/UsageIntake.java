package dev.sparks.ingest.usage;

import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes parsed events of one source onto {@code usage.raw.v1}: ids already accepted (or repeated
 * within the request) are answered as duplicates without publishing again; the rest are published
 * in one Kafka transaction and only then recorded as accepted.
 */
public class UsageIntake {

    private static final Logger log = LoggerFactory.getLogger(UsageIntake.class);

    private final UsagePublisher publisher;
    private final AcceptedEvents acceptedEvents;
    private final IngestCounters counters;

    public UsageIntake(UsagePublisher publisher, AcceptedEvents acceptedEvents, IngestCounters counters) {
        this.publisher = publisher;
        this.acceptedEvents = acceptedEvents;
        this.counters = counters;
    }

    public Outcome take(String source, List<RawUsageEvent> events) {
        Map<String, RawUsageEvent> firstOfEachId = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (RawUsageEvent event : events) {
            if (firstOfEachId.putIfAbsent(event.getEventId(), event) != null) {
                duplicates.add(event.getEventId());
            }
        }
        Set<String> known = acceptedEvents.known(firstOfEachId.keySet());
        List<RawUsageEvent> fresh = firstOfEachId.values().stream().filter(e -> !known.contains(e.getEventId())).toList();
        duplicates.addAll(known);

        publisher.publish(fresh);
        List<String> accepted = fresh.stream().map(RawUsageEvent::getEventId).toList();
        try {
            acceptedEvents.record(accepted, source);
        } catch (RuntimeException e) {
            // The events are on Kafka: the answer is still "accepted". A retry may publish them
            // again, and the idempotent consumers downstream count them once.
            log.warn("Published {} events but could not record them as accepted: {}", accepted.size(), e.toString());
        }
        counters.accepted(source, accepted.size());
        counters.duplicate(source, duplicates.size());
        return new Outcome(accepted, List.copyOf(duplicates));
    }

    /** What became of a request's events: newly accepted, or accepted before (and counted once). */
    public record Outcome(List<String> accepted, List<String> duplicates) {}
}
