package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER_QUOTA;
import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER_RATE_LIMIT;
import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_COUNTER;
import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_RESERVATION;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.lifecycle.State;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import dev.sparks.subscription.plan.RateLimit;
import dev.sparks.subscription.ratelimit.RateLimits;
import dev.sparks.subscription.ratelimit.TokenBucket;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record4;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * May customer C spend N Sparks, or use feature F, now? Answered from this service's own tables
 * (counters, reservations, plan), never from another service, so it stays fast and available.
 * What is allowed is reserved until the usage arrives or the reservation lapses, so a burst of
 * authorizations cannot overrun a limit the counters have not seen yet. Authorizations of one
 * customer are serialized by a transaction-scoped advisory lock on the customer id.
 *
 * <p>Sparks: below {@code warn-at-percent} of the included Sparks: allow; up to 100%: allow with
 * warning; beyond, plans with billed overage keep working (allow with warning), blocked plans get
 * their grace margin (allow with warning) and then deny. Features: disabled or not in the plan:
 * deny; within their usage limit: allow (warning near it); beyond: deny.
 *
 * <p>Before all that, each call takes a token from the customer's rate-limit bucket (its own limit
 * or its plan's, see {@link RateLimits}); with none left the answer is deny, reason
 * {@value #RATE_LIMITED}, with {@code retryAfter} seconds, and nothing is reserved.
 *
 * <p>A past-due subscription is answered with a warning, and throttled or denied as
 * {@link PastDuePolicy} says; a throttled customer keeps its bucket, only the limit is lower. The bucket is a
 * row in PostgreSQL read and written under the same per-customer lock, so the limit holds for the
 * customer across all instances together (N instances do not multiply it), at the cost of one more
 * statement per call for rate-limited customers.
 */
@Service
public class QuotaAuthorizer {

    public enum Decision { ALLOW, ALLOW_WITH_WARNING, DENY }

    public record Request(String customerId, BigDecimal sparks, String feature, BigDecimal quantity) {}

    /** The reason of a call refused by the customer's rate limit; a code, for apps to act on. */
    public static final String RATE_LIMITED = "rate_limited";

    /** @param retryAfter seconds before a call may be allowed again, for rate-limited calls; else null */
    public record Answer(Decision decision, String reason, String metric, BigDecimal requested, BigDecimal used,
            BigDecimal reserved, BigDecimal limit, UUID reservationId, Long retryAfter) {

        Answer(Decision decision, String reason, String metric, BigDecimal requested, BigDecimal used,
                BigDecimal reserved, BigDecimal limit, UUID reservationId) {
            this(decision, reason, metric, requested, used, reserved, limit, reservationId, null);
        }
    }

    private final DSLContext db;
    private final Limits limits;
    private final Reservations reservations;
    private final RateLimits rateLimits;
    private final Clock clock;
    private final BigDecimal warnShare;
    private final PastDuePolicy pastDue;

    QuotaAuthorizer(DSLContext db, Limits limits, Reservations reservations, RateLimits rateLimits, Clock clock,
            SubscriptionProperties properties) {
        this.db = db;
        this.limits = limits;
        this.reservations = reservations;
        this.rateLimits = rateLimits;
        this.clock = clock;
        this.warnShare = BigDecimal.valueOf(properties.warnAtPercent()).movePointLeft(2);
        this.pastDue = PastDuePolicy.of(properties.dunning());
    }

    /**
     * Three statements: the customer (taking the per-customer lock, with its custom Sparks limit and
     * rate limit), then its counter, open reservations and rate-limit bucket (read after the lock,
     * so they include what a concurrent authorization just reserved or took), then the new
     * reservation; and a fourth that stores the bucket when the customer has a rate limit.
     */
    @Transactional
    public Answer authorize(Request request) {
        Field<BigDecimal> customSparks = DSL.field(DSL.select(CUSTOMER_QUOTA.USAGE_LIMIT).from(CUSTOMER_QUOTA)
                .where(CUSTOMER_QUOTA.CUSTOMER_ID.eq(CUSTOMER.CUSTOMER_ID), CUSTOMER_QUOTA.FEATURE.eq(Limits.SPARKS)));
        Record row = db.select(CUSTOMER.fields())
                .select(customSparks.as("custom_sparks"), CUSTOMER_RATE_LIMIT.REQUESTS, CUSTOMER_RATE_LIMIT.PER,
                        CUSTOMER_RATE_LIMIT.BURST,
                        DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, CUSTOMER.CUSTOMER_ID))
                .from(CUSTOMER).leftJoin(CUSTOMER_RATE_LIMIT).on(CUSTOMER_RATE_LIMIT.CUSTOMER_ID.eq(CUSTOMER.CUSTOMER_ID))
                .where(CUSTOMER.CUSTOMER_ID.eq(request.customerId()))
                .fetchOptional().orElseThrow(() -> new NoSuchCustomerException(request.customerId()));
        CustomerRecord customer = row.into(CUSTOMER);
        State state = State.of(customer.getStatus());
        boolean feature = request.feature() != null;
        String metric = feature ? request.feature() : Limits.SPARKS;
        BigDecimal requested = feature ? request.quantity() : request.sparks();
        Instant now = clock.instant();
        QuotaPeriod period = limits.period(customer, now);
        Field<String> customerId = DSL.val(customer.getCustomerId());
        Record4<BigDecimal, BigDecimal, BigDecimal, OffsetDateTime> counts = db.select(
                        DSL.field(DSL.select(QUOTA_COUNTER.USED).from(QUOTA_COUNTER).where(
                                QUOTA_COUNTER.CUSTOMER_ID.eq(customer.getCustomerId()),
                                QUOTA_COUNTER.PERIOD_START.eq(period.start()), QUOTA_COUNTER.METRIC.eq(metric))),
                        DSL.field(DSL.select(DSL.sum(QUOTA_RESERVATION.REMAINING)).from(QUOTA_RESERVATION).where(
                                QUOTA_RESERVATION.CUSTOMER_ID.eq(customer.getCustomerId()), QUOTA_RESERVATION.METRIC.eq(metric),
                                QUOTA_RESERVATION.EXPIRES_AT.gt(now.atOffset(ZoneOffset.UTC)))),
                        RateLimits.bucketTokens(customerId), RateLimits.bucketRefilledAt(customerId))
                .fetchSingle();
        BigDecimal used = counts.value1() == null ? BigDecimal.ZERO : counts.value1();
        BigDecimal reserved = counts.value2() == null ? BigDecimal.ZERO : counts.value2();
        RateLimit rateLimit = rateLimits.effective(customer, RateLimit.ofColumns(row.get(CUSTOMER_RATE_LIMIT.REQUESTS),
                row.get(CUSTOMER_RATE_LIMIT.PER), row.get(CUSTOMER_RATE_LIMIT.BURST))).limit();
        if (state == State.PAST_DUE) {
            rateLimit = pastDue.rateLimit(rateLimit);
        }
        if (rateLimit != null) {
            TokenBucket.State bucket = rateLimits.take(customer.getCustomerId(), rateLimit, counts.value3(),
                    counts.value4(), now);
            if (!bucket.allowed()) {
                return new Answer(Decision.DENY, RATE_LIMITED, metric, requested, used, reserved, null, null,
                        bucket.retryAfter());
            }
        }
        if (state == State.PAUSED || state == State.CANCELED || state == State.EXPIRED
                || state == State.PAST_DUE && pastDue.denies()) {
            return new Answer(Decision.DENY, "The subscription is " + state.code(), metric, requested, used, reserved,
                    null, null);
        }
        BigDecimal custom = row.get("custom_sparks", BigDecimal.class);
        Answer answer = feature
                ? feature(customer, metric, requested, used, reserved)
                : sparks(limits.plan(customer), custom != null ? custom : limits.plan(customer).includedSparks().amount(),
                        requested, used, reserved);
        if (answer.decision() == Decision.ALLOW && state == State.PAST_DUE) {
            answer = with(answer, Decision.ALLOW_WITH_WARNING, "Payment is past due");
        }
        if (answer.decision() != Decision.DENY && requested.signum() > 0) {
            UUID id = reservations.reserve(customer.getCustomerId(), metric, requested).id();
            answer = new Answer(answer.decision(), answer.reason(), metric, requested, used, reserved, answer.limit(), id);
        }
        return answer;
    }

    private Answer sparks(Plan plan, BigDecimal limit, BigDecimal requested, BigDecimal used, BigDecimal reserved) {
        BigDecimal projected = used.add(reserved).add(requested);
        Decision decision;
        String reason;
        if (projected.compareTo(limit.multiply(warnShare)) <= 0) {
            decision = Decision.ALLOW;
            reason = "Within the included Sparks";
        } else if (projected.compareTo(limit) <= 0) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Close to the included Sparks";
        } else if (plan.overageBilled()) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Beyond the included Sparks: overage is billed";
        } else if (projected.compareTo(limit.multiply(BigDecimal.ONE.add(plan.gracePercent().movePointLeft(2)))) <= 0) {
            decision = Decision.ALLOW_WITH_WARNING;
            reason = "Beyond the included Sparks, within the grace margin";
        } else {
            decision = Decision.DENY;
            reason = "The plan's Sparks limit is reached";
        }
        return new Answer(decision, reason, Limits.SPARKS, requested, used, reserved, limit, null);
    }

    private Answer feature(CustomerRecord customer, String name, BigDecimal requested, BigDecimal used, BigDecimal reserved) {
        Plan.Feature feature = limits.feature(customer, name).orElse(null);
        if (feature == null || !feature.enabled()) {
            return new Answer(Decision.DENY, "Feature " + name + " is not in the plan", name, requested, used, reserved,
                    null, null);
        }
        BigDecimal limit = feature.usageLimit();
        if (limit == null) {
            return new Answer(Decision.ALLOW, "Unlimited", name, requested, used, reserved, null, null);
        }
        BigDecimal projected = used.add(reserved).add(requested);
        if (projected.compareTo(limit) > 0) {
            return new Answer(Decision.DENY, "Feature " + name + " limit reached", name, requested, used, reserved, limit, null);
        }
        Decision decision = projected.compareTo(limit.multiply(warnShare)) <= 0 ? Decision.ALLOW : Decision.ALLOW_WITH_WARNING;
        return new Answer(decision, decision == Decision.ALLOW ? "Within the limit" : "Close to the limit", name, requested,
                used, reserved, limit, null);
    }

    private static Answer with(Answer answer, Decision decision, String reason) {
        return new Answer(decision, reason, answer.metric(), answer.requested(), answer.used(), answer.reserved(),
                answer.limit(), answer.reservationId());
    }
}
