package dev.sparks.platform.idempotency;

import static dev.sparks.platform.persistence.jooq.Tables.PROCESSED_EVENT;

import org.jooq.DSLContext;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The idempotent-consumer record: which events a consumer has already applied. Claiming an event
 * and applying its effect happen in one database transaction, so a redelivered event finds its
 * claim and has no second effect, and a rolled-back effect leaves no claim behind.
 */
public class ProcessedEvents {

    private final DSLContext db;

    public ProcessedEvents(DSLContext db) {
        this.db = db;
    }

    /** Claims {@code eventId} for {@code consumer}; false if it was processed before. */
    public boolean claim(String consumer, String eventId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A claim must share the transaction of the effect it guards");
        }
        return db.insertInto(PROCESSED_EVENT)
                .set(PROCESSED_EVENT.CONSUMER, consumer)
                .set(PROCESSED_EVENT.EVENT_ID, eventId)
                .onConflictDoNothing()
                .execute() == 1;
    }
}
