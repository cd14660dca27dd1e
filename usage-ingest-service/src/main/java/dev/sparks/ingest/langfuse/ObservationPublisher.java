package dev.sparks.ingest.langfuse;

import dev.sparks.ingest.intake.IngestCounters;
import dev.sparks.ingest.usage.AcceptedEvents;
import dev.sparks.ingest.usage.UsagePublisher;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes converted observations: bills only what an observation shows beyond what was already
 * billed for it ({@link BilledUsage}), skips event ids already on Kafka, puts the rest on
 * {@code usage.raw.v1} in one Kafka transaction, and only after that transaction committed writes
 * the bookkeeping (published ids, resolved errors, sync progress) in one database transaction.
 * A crash between the two leaves the bookkeeping behind, never the events: the next pull publishes
 * the same ids again.
 */
class ObservationPublisher {

    record Result(int published, int duplicates) {}

    private final UsagePublisher publisher;
    private final AcceptedEvents acceptedEvents;
    private final TransactionTemplate transactions;
    private final IngestCounters counters;
    private final BilledUsage billed;

    ObservationPublisher(UsagePublisher publisher, AcceptedEvents acceptedEvents, TransactionTemplate transactions,
            IngestCounters counters, BilledUsage billed) {
        this.publisher = publisher;
        this.acceptedEvents = acceptedEvents;
        this.transactions = transactions;
        this.counters = counters;
        this.billed = billed;
    }

    /**
     * @param converted   the observations' usage as Langfuse reports it now (cumulative per token type)
     * @param afterCommit database work that must happen only once the events are durably on Kafka
     */
    Result publish(List<RawUsageEvent> converted, Runnable afterCommit) {
        BilledUsage.Deltas deltas = billed.deltas(converted);
        List<RawUsageEvent> events = deltas.events();
        Map<String, RawUsageEvent> byId = new LinkedHashMap<>();
        events.forEach(event -> byId.putIfAbsent(event.getEventId(), event));
        Set<String> known = acceptedEvents.known(byId.keySet());
        List<RawUsageEvent> fresh = new ArrayList<>();
        byId.forEach((id, event) -> {
            if (!known.contains(id)) {
                fresh.add(event);
            }
        });
        if (!fresh.isEmpty()) {
            publisher.publish(fresh);
        }
        transactions.executeWithoutResult(status -> {
            acceptedEvents.record(fresh.stream().map(RawUsageEvent::getEventId).toList(), ObservationConverter.SOURCE);
            billed.record(deltas.billedAfter());
            afterCommit.run();
        });
        counters.accepted(ObservationConverter.SOURCE, fresh.size());
        counters.duplicate(ObservationConverter.SOURCE, events.size() - fresh.size());
        return new Result(fresh.size(), events.size() - fresh.size());
    }
}
