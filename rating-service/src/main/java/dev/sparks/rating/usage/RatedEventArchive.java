package dev.sparks.rating.usage;

import static dev.sparks.rating.persistence.jooq.Tables.METRIC_IN_USE;
import static dev.sparks.rating.persistence.jooq.Tables.RATED_EVENT;

import dev.sparks.platform.money.Sparks;
import dev.sparks.rating.persistence.jooq.tables.records.RatedEventRecord;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;

/**
 * The archive of rated raw events (table {@code rated_event}): the source of re-rating and of the
 * month-to-date Sparks of the price preview. Keyed by raw event id; the first rating written wins.
 */
@Repository
public class RatedEventArchive {

    private final DSLContext db;
    private final SerdeFactory serdes;
    private final Clock clock;

    RatedEventArchive(DSLContext db, SerdeFactory serdes, Clock clock) {
        this.db = db;
        this.serdes = serdes;
        this.clock = clock;
    }

    public Map<String, ArchivedRating> find(Collection<String> rawEventIds) {
        Map<String, ArchivedRating> found = new HashMap<>();
        db.selectFrom(RATED_EVENT).where(RATED_EVENT.RAW_EVENT_ID.in(rawEventIds))
                .forEach(row -> found.put(row.getRawEventId(), archived(row)));
        return found;
    }

    /** Inserts the ratings not archived yet and returns the raw event ids it inserted. */
    public Set<String> insertNew(List<ArchivedRating> ratings) {
        if (ratings.isEmpty()) {
            return Set.of();
        }
        Instant now = clock.instant();
        var insert = db.insertInto(RATED_EVENT, RATED_EVENT.RAW_EVENT_ID, RATED_EVENT.CUSTOMER_ID, RATED_EVENT.OCCURRED_AT,
                RATED_EVENT.METRIC, RATED_EVENT.PLAN, RATED_EVENT.RAW_PAYLOAD, RATED_EVENT.ORIGINAL_EVENT_ID,
                RATED_EVENT.ORIGINAL_PAYLOAD, RATED_EVENT.ORIGINAL_CARD_VERSION, RATED_EVENT.CURRENT_CARD_VERSION,
                RATED_EVENT.CURRENT_SPARKS, RATED_EVENT.RATED_AT);
        for (ArchivedRating rating : ratings) {
            RawUsageEvent raw = rating.raw();
            insert = insert.values(raw.getEventId(), raw.getCustomerId(), raw.getOccurredAt().atOffset(ZoneOffset.UTC),
                    raw.getMetric(), rating.plan(), encode(raw), rating.original().getEventId(), encode(rating.original()),
                    rating.original().getRateCardVersion(), rating.currentCardVersion(), rating.currentSparks(),
                    now.atOffset(ZoneOffset.UTC));
        }
        Set<String> inserted = insert.onConflictDoNothing().returning(RATED_EVENT.RAW_EVENT_ID).fetch(RATED_EVENT.RAW_EVENT_ID)
                .stream().collect(Collectors.toSet());
        var metrics = db.insertInto(METRIC_IN_USE, METRIC_IN_USE.METRIC);
        for (String metric : ratings.stream().map(r -> r.raw().getMetric()).collect(Collectors.toSet())) {
            metrics = metrics.values(metric);
        }
        metrics.onConflictDoNothing().execute();
        return inserted;
    }

    /**
     * One page of a customer's (or, with {@code customerId} null, everyone's) archive in [from, to),
     * by raw event id, locked for the caller's transaction. A concurrent re-rate of the same events
     * waits here and then reads the price the first one committed, so it corrects from that price
     * instead of counting the same delta again. Rows are locked in raw event id order, the same
     * order in every caller, so two re-rates cannot deadlock.
     */
    public List<ArchivedRating> lockedPage(String customerId, Instant from, Instant to, String afterRawEventId, int size) {
        Condition condition = RATED_EVENT.OCCURRED_AT.ge(from.atOffset(ZoneOffset.UTC))
                .and(RATED_EVENT.OCCURRED_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .and(RATED_EVENT.RAW_EVENT_ID.gt(afterRawEventId));
        if (customerId != null) {
            condition = condition.and(RATED_EVENT.CUSTOMER_ID.eq(customerId));
        }
        return db.selectFrom(RATED_EVENT).where(condition).orderBy(RATED_EVENT.RAW_EVENT_ID).limit(size)
                .forUpdate().fetch(this::archived);
    }

    /** Moves what downstream counts for one event, in the transaction that writes the correction. */
    public void corrected(String rawEventId, String cardVersion, BigDecimal sparks, int corrections) {
        db.update(RATED_EVENT)
                .set(RATED_EVENT.CURRENT_CARD_VERSION, cardVersion)
                .set(RATED_EVENT.CURRENT_SPARKS, sparks)
                .set(RATED_EVENT.CORRECTIONS, corrections)
                .where(RATED_EVENT.RAW_EVENT_ID.eq(rawEventId))
                .execute();
    }

    /** The Sparks downstream has counted for a customer's usage in [from, to), corrections included. */
    public Sparks sparks(String customerId, Instant from, Instant to) {
        BigDecimal sum = db.select(DSL.coalesce(DSL.sum(RATED_EVENT.CURRENT_SPARKS), BigDecimal.ZERO))
                .from(RATED_EVENT)
                .where(RATED_EVENT.CUSTOMER_ID.eq(customerId),
                        RATED_EVENT.OCCURRED_AT.ge(from.atOffset(ZoneOffset.UTC)),
                        RATED_EVENT.OCCURRED_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .fetchSingle().value1();
        return new Sparks(sum);
    }

    private ArchivedRating archived(RatedEventRecord row) {
        RawUsageEvent raw = serdes.valueSerde(Topics.USAGE_RAW).deserializer()
                .deserialize(Topics.USAGE_RAW.name(), row.getRawPayload());
        RatedUsageEvent original = serdes.valueSerde(Topics.USAGE_RATED).deserializer()
                .deserialize(Topics.USAGE_RATED.name(), row.getOriginalPayload());
        return new ArchivedRating(raw, row.getPlan(), original, row.getCurrentCardVersion(), row.getCurrentSparks(),
                row.getCorrections());
    }

    private byte[] encode(RawUsageEvent raw) {
        return serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), raw);
    }

    private byte[] encode(RatedUsageEvent rated) {
        return serdes.valueSerde(Topics.USAGE_RATED).serializer().serialize(Topics.USAGE_RATED.name(), rated);
    }
}
