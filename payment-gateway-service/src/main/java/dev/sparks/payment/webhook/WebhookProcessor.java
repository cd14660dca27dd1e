package dev.sparks.payment.webhook;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_WEBHOOK_EVENT;

import com.stripe.model.Event;
import com.stripe.net.ApiResource;
import dev.sparks.payment.persistence.jooq.tables.records.StripeWebhookEventRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes stored webhook events oldest first (by Stripe's {@code created}), each in a transaction
 * of its own claimed {@code FOR UPDATE SKIP LOCKED}; the event's effects and its {@code processed_at}
 * commit together. An event whose handling fails is tried again with backoff, and given up after
 * {@value #MAX_FAILURES} failures (logged, kept with its outcome), so one bad event never blocks
 * the rest.
 */
@Service
public class WebhookProcessor {

    private static final Logger log = LoggerFactory.getLogger(WebhookProcessor.class);
    static final int MAX_FAILURES = 8;

    private final DSLContext db;
    private final StripeEventHandler handler;
    private final TransactionTemplate transactions;
    private final Clock clock;

    WebhookProcessor(DSLContext db, StripeEventHandler handler, TransactionTemplate transactions, Clock clock) {
        this.db = db;
        this.handler = handler;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Processes every stored event that is due; returns how many. */
    public int runOnce() {
        int processed = 0;
        while (processed < 500) {
            OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
            String[] failedId = new String[1];
            try {
                Boolean found = transactions.execute(status -> {
                    StripeWebhookEventRecord row = db.selectFrom(STRIPE_WEBHOOK_EVENT)
                            .where(STRIPE_WEBHOOK_EVENT.PROCESSED_AT.isNull()).and(STRIPE_WEBHOOK_EVENT.NEXT_TRY_AT.le(now))
                            .orderBy(STRIPE_WEBHOOK_EVENT.STRIPE_CREATED_AT, STRIPE_WEBHOOK_EVENT.RECEIVED_AT)
                            .limit(1).forUpdate().skipLocked().fetchOne();
                    if (row == null) {
                        return false;
                    }
                    failedId[0] = row.getEventId();
                    String outcome = handler.handle(ApiResource.GSON.fromJson(row.getPayload(), Event.class));
                    row.setProcessedAt(now);
                    row.setOutcome(outcome);
                    row.store();
                    return true;
                });
                if (!Boolean.TRUE.equals(found)) {
                    return processed;
                }
            } catch (RuntimeException e) {
                failed(failedId[0], now, e);
            }
            processed++;
        }
        return processed;
    }

    private void failed(String eventId, OffsetDateTime now, RuntimeException e) {
        if (eventId == null) {
            throw e;
        }
        transactions.executeWithoutResult(status -> {
            StripeWebhookEventRecord row = db.selectFrom(STRIPE_WEBHOOK_EVENT).where(STRIPE_WEBHOOK_EVENT.EVENT_ID.eq(eventId)).fetchOne();
            row.setFailures(row.getFailures() + 1);
            row.setNextTryAt(now.plus(Duration.ofSeconds(1L << Math.min(row.getFailures(), 12))));
            row.setOutcome("failed: " + e.getMessage());
            if (row.getFailures() >= MAX_FAILURES) {
                row.setProcessedAt(now);
                row.setOutcome("gave up: " + e.getMessage());
                log.error("Stripe event {} ({}) given up after {} failures", eventId, row.getType(), row.getFailures(), e);
            } else {
                log.warn("Stripe event {} ({}) failed, tried again later: {}", eventId, row.getType(), e.getMessage());
            }
            row.store();
        });
    }
}
