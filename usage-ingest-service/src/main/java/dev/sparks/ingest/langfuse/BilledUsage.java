package dev.sparks.ingest.langfuse;

import static dev.sparks.ingest.persistence.jooq.Tables.LANGFUSE_BILLED_USAGE;

import dev.sparks.schemas.metric.Metrics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * The usage each observation has been billed so far, per token type, and the events that bill
 * what a pull shows beyond it. Langfuse reports a generation's cumulative usage, and a generation
 * can be pulled before its usage is final: the first pull bills what it shows (the event id the
 * converter derives), a later pull that shows more bills the difference under an id derived from
 * the new cumulative quantity, so pulling the same state twice yields the same id and bills once.
 * A pull that shows less or the same bills nothing (usage already billed is never taken back here);
 * it yields the event that billed the current quantity, which the publisher counts as a duplicate.
 */
class BilledUsage {

    /** The events to publish for one pull, and the billed quantities to record once they are on Kafka. */
    record Deltas(List<RawUsageEvent> events, List<Billed> billedAfter) {}

    record Billed(String observationId, String tokenType, BigDecimal quantity, String eventId) {}

    private record Key(String observationId, String tokenType) {}

    private final DSLContext db;
    private final Clock clock;

    BilledUsage(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Deltas deltas(List<RawUsageEvent> cumulative) {
        Map<Key, Billed> billed = find(cumulative.stream().map(BilledUsage::observationId).collect(Collectors.toSet()));
        List<RawUsageEvent> events = new ArrayList<>();
        List<Billed> after = new ArrayList<>();
        for (RawUsageEvent event : cumulative) {
            Key key = new Key(observationId(event), event.getProperties().get(Metrics.TOKEN_TYPE));
            Billed before = billed.get(key);
            if (before == null) {
                events.add(event);
                after.add(new Billed(key.observationId(), key.tokenType(), event.getQuantity(), event.getEventId()));
            } else if (event.getQuantity().compareTo(before.quantity()) > 0) {
                RawUsageEvent growth = RawUsageEvent.newBuilder(event)
                        .setEventId(growthEventId(key, event.getQuantity()))
                        .setQuantity(event.getQuantity().subtract(before.quantity()).setScale(event.getQuantity().scale()))
                        .build();
                events.add(growth);
                after.add(new Billed(key.observationId(), key.tokenType(), event.getQuantity(), growth.getEventId()));
            } else {
                events.add(RawUsageEvent.newBuilder(event).setEventId(before.eventId()).build());
            }
        }
        return new Deltas(events, after);
    }

    /** Call in the database transaction that records the published ids, after the Kafka commit. */
    void record(List<Billed> billed) {
        for (Billed each : billed) {
            db.insertInto(LANGFUSE_BILLED_USAGE)
                    .set(LANGFUSE_BILLED_USAGE.OBSERVATION_ID, each.observationId())
                    .set(LANGFUSE_BILLED_USAGE.TOKEN_TYPE, each.tokenType())
                    .set(LANGFUSE_BILLED_USAGE.QUANTITY, each.quantity())
                    .set(LANGFUSE_BILLED_USAGE.EVENT_ID, each.eventId())
                    .set(LANGFUSE_BILLED_USAGE.BILLED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .onConflict(LANGFUSE_BILLED_USAGE.OBSERVATION_ID, LANGFUSE_BILLED_USAGE.TOKEN_TYPE)
                    .doUpdate()
                    .set(LANGFUSE_BILLED_USAGE.QUANTITY, each.quantity())
                    .set(LANGFUSE_BILLED_USAGE.EVENT_ID, each.eventId())
                    .set(LANGFUSE_BILLED_USAGE.BILLED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(LANGFUSE_BILLED_USAGE.QUANTITY.lt(each.quantity()))
                    .execute();
        }
    }

    /** Forgets what was billed for observations last billed more than {@code retention} ago; answers how many rows. */
    int forgetOlderThan(Duration retention) {
        return db.deleteFrom(LANGFUSE_BILLED_USAGE)
                .where(LANGFUSE_BILLED_USAGE.BILLED_AT.lt(clock.instant().minus(retention).atOffset(ZoneOffset.UTC)))
                .execute();
    }

    private Map<Key, Billed> find(Set<String> observationIds) {
        Map<Key, Billed> found = new HashMap<>();
        if (observationIds.isEmpty()) {
            return found;
        }
        db.selectFrom(LANGFUSE_BILLED_USAGE).where(LANGFUSE_BILLED_USAGE.OBSERVATION_ID.in(observationIds))
                .forEach(row -> found.put(new Key(row.getObservationId(), row.getTokenType()),
                        new Billed(row.getObservationId(), row.getTokenType(), row.getQuantity(), row.getEventId())));
        return found;
    }

    static String growthEventId(String observationId, String tokenType, BigDecimal cumulative) {
        return UUID.nameUUIDFromBytes(("langfuse:" + observationId + ":" + tokenType + ":up-to:"
                + cumulative.stripTrailingZeros().toPlainString()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String growthEventId(Key key, BigDecimal cumulative) {
        return growthEventId(key.observationId(), key.tokenType(), cumulative);
    }

    private static String observationId(RawUsageEvent event) {
        return event.getProperties().get("observation_id");
    }
}
