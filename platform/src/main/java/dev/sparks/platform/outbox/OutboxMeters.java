package dev.sparks.platform.outbox;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.jooq.DSLContext;

/**
 * The outbox's health as gauges, read from the table at each scrape so that every instance of a
 * service reports the same numbers: {@code sparks_outbox_parked_rows} (rows Kafka refused for
 * good; alert on anything above zero), {@code sparks_outbox_unsent_rows} (the backlog waiting for
 * the relay) and {@code sparks_outbox_oldest_unsent_age_seconds} (how far publishing lags; it
 * grows while Kafka is unreachable or the relay is stuck).
 */
public class OutboxMeters implements MeterBinder {

    private final DSLContext db;
    private final Clock clock;

    public OutboxMeters(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sparks.outbox.parked.rows", this::parkedRows)
                .description("Outbox rows Kafka refused for good, waiting for an operator")
                .register(registry);
        Gauge.builder("sparks.outbox.unsent.rows", this::unsentRows)
                .description("Outbox rows waiting to be published (parked rows excluded)")
                .register(registry);
        Gauge.builder("sparks.outbox.oldest.unsent.age", this::oldestUnsentAgeSeconds)
                .description("Age of the oldest outbox row not yet published (parked rows excluded)")
                .baseUnit("seconds")
                .register(registry);
    }

    private double parkedRows() {
        return db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.PARKED_AT.isNotNull().and(OUTBOX_EVENT.PUBLISHED_AT.isNull()));
    }

    private double unsentRows() {
        return db.fetchCount(OUTBOX_EVENT, OUTBOX_EVENT.PUBLISHED_AT.isNull().and(OUTBOX_EVENT.PARKED_AT.isNull()));
    }

    /** The lowest unsent id stands for the oldest row: found through the partial index, not a scan. */
    private double oldestUnsentAgeSeconds() {
        OffsetDateTime oldest = db.select(OUTBOX_EVENT.CREATED_AT)
                .from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.PUBLISHED_AT.isNull(), OUTBOX_EVENT.PARKED_AT.isNull())
                .orderBy(OUTBOX_EVENT.ID)
                .limit(1)
                .fetchOne(OUTBOX_EVENT.CREATED_AT);
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toMillis() / 1000.0);
    }
}
