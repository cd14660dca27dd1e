package dev.sparks.invoicing.reconciliation;

import static dev.sparks.invoicing.persistence.jooq.Tables.UNBILLED_INGEST;

import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.deadletter.DeadLetterReasons;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Usage that ingestion received and dead-lettered instead of publishing: it exists, it will not be
 * billed, and reconciliation must say so. The reason is the code ingestion put in front of its
 * text ({@link DeadLetterReasons}), or {@value #UNCODED} when it gave none.
 */
@Service
public class UnbilledIngest {

    static final String UNCODED = "rejected_at_ingest";

    private final DSLContext db;

    UnbilledIngest(DSLContext db) {
        this.db = db;
    }

    @Transactional
    public void record(DeadLetter letter) {
        db.insertInto(UNBILLED_INGEST)
                .set(UNBILLED_INGEST.DEAD_LETTER_ID, letter.getEventId())
                .set(UNBILLED_INGEST.CUSTOMER_ID, letter.getCustomerId())
                .set(UNBILLED_INGEST.OCCURRED_AT, letter.getOccurredAt().atOffset(ZoneOffset.UTC))
                .set(UNBILLED_INGEST.SOURCE, letter.getSourceTopic())
                .set(UNBILLED_INGEST.REASON, DeadLetterReasons.code(letter.getReason()).orElse(UNCODED))
                .set(UNBILLED_INGEST.DETAIL, letter.getReason())
                .onConflictDoNothing()
                .execute();
    }
}
