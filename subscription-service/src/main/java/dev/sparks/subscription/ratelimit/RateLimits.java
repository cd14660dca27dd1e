package dev.sparks.subscription.ratelimit;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER_RATE_LIMIT;
import static dev.sparks.subscription.persistence.jooq.Tables.RATE_LIMIT_BUCKET;

import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.PlanCatalog;
import dev.sparks.subscription.plan.RateLimit;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.time.ZoneOffset;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which rate limit applies to a customer's {@code quota/authorize} calls: its own (set by an admin,
 * for Enterprise customers) or else its plan's default; and where its bucket is kept.
 */
@Service
public class RateLimits {

    public static final String OWN = "customer";
    public static final String PLAN = "plan";

    /** @param limit null: unlimited; @param source {@link #OWN}, {@link #PLAN}, or null when unlimited */
    public record Effective(RateLimit limit, String source) {}

    private final DSLContext db;
    private final PlanCatalog catalog;
    private final Clock clock;

    RateLimits(DSLContext db, PlanCatalog catalog, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Effective effective(String customerId) {
        return effective(db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchOptional()
                .orElseThrow(() -> new NoSuchCustomerException(customerId)));
    }

    public Effective effective(CustomerRecord customer) {
        return effective(customer, custom(customer.getCustomerId()).orElse(null));
    }

    /** For callers that read the customer's own limit with the customer row. */
    public Effective effective(CustomerRecord customer, RateLimit custom) {
        if (custom != null) {
            return new Effective(custom, OWN);
        }
        RateLimit plan = catalog.get(customer.getPlan()).rateLimit();
        return new Effective(plan, plan == null ? null : PLAN);
    }

    public Optional<RateLimit> custom(String customerId) {
        return db.selectFrom(CUSTOMER_RATE_LIMIT).where(CUSTOMER_RATE_LIMIT.CUSTOMER_ID.eq(customerId))
                .fetchOptional(row -> new RateLimit(row.getRequests(), RateLimit.Per.of(row.getPer()), row.getBurst()));
    }

    /**
     * The bucket keeps its tokens: a lower burst caps them at the next call, a higher one lets them
     * grow from there.
     */
    @Transactional
    public void set(String customerId, RateLimit limit) {
        db.insertInto(CUSTOMER_RATE_LIMIT)
                .set(CUSTOMER_RATE_LIMIT.CUSTOMER_ID, customerId)
                .set(CUSTOMER_RATE_LIMIT.REQUESTS, limit.requests())
                .set(CUSTOMER_RATE_LIMIT.PER, limit.per().code())
                .set(CUSTOMER_RATE_LIMIT.BURST, limit.burst())
                .set(CUSTOMER_RATE_LIMIT.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .onConflict(CUSTOMER_RATE_LIMIT.CUSTOMER_ID).doUpdate()
                .set(CUSTOMER_RATE_LIMIT.REQUESTS, limit.requests())
                .set(CUSTOMER_RATE_LIMIT.PER, limit.per().code())
                .set(CUSTOMER_RATE_LIMIT.BURST, limit.burst())
                .set(CUSTOMER_RATE_LIMIT.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** Back to the plan's default. */
    @Transactional
    public void clear(String customerId) {
        db.deleteFrom(CUSTOMER_RATE_LIMIT).where(CUSTOMER_RATE_LIMIT.CUSTOMER_ID.eq(customerId)).execute();
    }

    /**
     * The bucket's tokens, as a scalar subquery: read it in a statement that runs after the
     * customer's authorization lock is taken, so it includes the token a concurrent call just took.
     */
    public static Field<BigDecimal> bucketTokens(Field<String> customerId) {
        return DSL.field(DSL.select(RATE_LIMIT_BUCKET.TOKENS).from(RATE_LIMIT_BUCKET)
                .where(RATE_LIMIT_BUCKET.CUSTOMER_ID.eq(customerId)));
    }

    public static Field<OffsetDateTime> bucketRefilledAt(Field<String> customerId) {
        return DSL.field(DSL.select(RATE_LIMIT_BUCKET.REFILLED_AT).from(RATE_LIMIT_BUCKET)
                .where(RATE_LIMIT_BUCKET.CUSTOMER_ID.eq(customerId)));
    }

    /**
     * Takes a token from the customer's bucket ({@code tokens} and {@code refilledAt} as read under
     * its lock; null for a bucket never used) and stores the bucket if one was taken: one statement,
     * and none for a refused call, which changes nothing. The caller holds the customer's
     * authorization lock, so no other call, on any instance, takes from this bucket meanwhile.
     */
    public TokenBucket.State take(String customerId, RateLimit limit, BigDecimal tokens, OffsetDateTime refilledAt,
            Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS); // what timestamptz keeps
        TokenBucket.State state = tokens == null || refilledAt == null
                ? TokenBucket.take(limit, BigDecimal.valueOf(limit.burst()), at, at) // never used: full
                : TokenBucket.take(limit, tokens, refilledAt.toInstant(), at);
        if (state.allowed()) {
            store(customerId, state.tokens(), state.refilledAt());
        }
        return state;
    }

    private void store(String customerId, BigDecimal tokens, Instant refilledAt) {
        db.insertInto(RATE_LIMIT_BUCKET)
                .set(RATE_LIMIT_BUCKET.CUSTOMER_ID, customerId)
                .set(RATE_LIMIT_BUCKET.TOKENS, tokens)
                .set(RATE_LIMIT_BUCKET.REFILLED_AT, refilledAt.atOffset(ZoneOffset.UTC))
                .onConflict(RATE_LIMIT_BUCKET.CUSTOMER_ID).doUpdate()
                .set(RATE_LIMIT_BUCKET.TOKENS, tokens)
                .set(RATE_LIMIT_BUCKET.REFILLED_AT, refilledAt.atOffset(ZoneOffset.UTC))
                .execute();
    }
}
