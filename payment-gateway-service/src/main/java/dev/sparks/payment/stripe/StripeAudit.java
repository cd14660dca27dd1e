package dev.sparks.payment.stripe;

import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_AUDIT;

import java.time.Clock;
import java.time.ZoneOffset;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log of every Stripe request (each try) and every accepted webhook. Written in a
 * transaction of its own, so a call is on record even when the work around it rolls back.
 */
@Component
public class StripeAudit {

    public record Entry(String kind, String operation, String idempotencyKey, String outcome, Integer httpStatus,
            Long latencyMillis, String stripeId, String detail) {}

    private final DSLContext db;
    private final Clock clock;
    private final TransactionTemplate own;

    StripeAudit(DSLContext db, Clock clock, PlatformTransactionManager transactions) {
        this.db = db;
        this.clock = clock;
        this.own = new TransactionTemplate(transactions);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void record(Entry entry) {
        own.executeWithoutResult(status -> db.insertInto(STRIPE_AUDIT)
                .set(STRIPE_AUDIT.AT, clock.instant().atOffset(ZoneOffset.UTC))
                .set(STRIPE_AUDIT.KIND, entry.kind())
                .set(STRIPE_AUDIT.OPERATION, entry.operation())
                .set(STRIPE_AUDIT.IDEMPOTENCY_KEY, entry.idempotencyKey())
                .set(STRIPE_AUDIT.OUTCOME, entry.outcome())
                .set(STRIPE_AUDIT.HTTP_STATUS, entry.httpStatus())
                .set(STRIPE_AUDIT.LATENCY_MS, entry.latencyMillis())
                .set(STRIPE_AUDIT.STRIPE_ID, entry.stripeId())
                .set(STRIPE_AUDIT.DETAIL, entry.detail() == null ? null
                        : entry.detail().substring(0, Math.min(500, entry.detail().length())))
                .execute());
    }
}
