package dev.sparks.invoicing.reconciliation;

import static dev.sparks.invoicing.persistence.jooq.Tables.INGESTED_USAGE;

import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Every raw usage event ingestion published, so reconciliation can follow each one to an invoice. */
@Service
public class IngestedUsage {

    private final DSLContext db;

    IngestedUsage(DSLContext db) {
        this.db = db;
    }

    @Transactional
    public void record(RawUsageEvent raw) {
        db.insertInto(INGESTED_USAGE)
                .set(INGESTED_USAGE.EVENT_ID, raw.getEventId())
                .set(INGESTED_USAGE.CUSTOMER_ID, raw.getCustomerId())
                .set(INGESTED_USAGE.METRIC, raw.getMetric())
                .set(INGESTED_USAGE.QUANTITY, raw.getQuantity())
                .set(INGESTED_USAGE.OCCURRED_AT, raw.getOccurredAt().atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute();
    }
}
