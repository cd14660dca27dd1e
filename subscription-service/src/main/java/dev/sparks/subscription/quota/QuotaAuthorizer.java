package dev.sparks.subscription.quota;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER_QUOTA;
import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_COUNTER;
import static dev.sparks.subscription.persistence.jooq.Tables.QUOTA_RESERVATION;

import dev.sparks.subscription.SubscriptionProperties;
import dev.sparks.subscription.lifecycle.NoSuchCustomerException;
import dev.sparks.subscription.lifecycle.State;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import dev.sparks.subscription.plan.Plan;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record2;
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
 */
@Service
public class QuotaAuthorizer {

    public enum Decision { ALLOW, ALLOW_WITH_WARNING, DENY }

    public record Request(String customerId, BigDecimal sparks, String feature, BigDecimal quantity) {}

    public record Answer(Decision decision, String reason, String metric, BigDecimal requested, BigDecimal used,
            BigDecimal reserved, BigDecimal limit, UUID reservationId) {}

    private final DSLContext db;
    private final Limits limits;
    private final Reservations reservations;
    private final Clock clock;
    private final BigDecimal warnShare;

    QuotaAuthorizer(DSLContext db, Limits limits, Reservations reservations, Clock clock,
            SubscriptionProperties properties) {
        this.db = db;
        this.limits = limits;
        this.reservations = reservations;
        this.clock = clock;
        this.warnShare = BigDecimal.valueOf(properties.warnAtPercent()).movePointLeft(2);
    }

    /**
     * Three statements: the customer (taking the per-customer lock and its custom Sparks limit),
     * then its counter and open reservations (read after the lock, so they include what a
     * concurrent authorization just reserved), then the new reservation.
     */
    @Transactional
    public Answer authorize(Request request) {
        Field<BigDecimal> customSparks = DSL.field(DSL.select(CUSTOMER_QUOTA.USAGE_LIMIT).from(CUSTOMER_QUOTA)
                .where(CUSTOMER_QUOTA.CUSTOMER_ID.eq(CUSTOMER.CUSTOMER_ID), CUSTOMER_QUOTA.FEATURE.eq(Limits.SPARKS)));
        Record row = db.select(CUSTOMER.fields())
                .select(customSparks.as("custom_sparks"),
                        DSL.field("pg_advisory_xact_lock(hashtext({0}))", Object.class, CUSTOMER.CUSTOMER_ID))
                .from(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(request.customerId()))
                .fetchOptional().orElseThrow(() -> new NoSuchCustomerException(request.customerId()));
        CustomerRecord customer = row.into(CUSTOMER);
        State state = State.of(customer.getStatus());
        boolean feature = request.feature() != null;
        String metric = feature ? request.feature() : Limits.SPARKS;
        BigDecimal requested = feature ? request.quantity() : request.sparks();
        QuotaPeriod period = limits.period(customer, clock.instant());
        Record2<BigDecimal, BigDecimal> counts = db.select(
                        DSL.field(DSL.select(QUOTA_COUNTER.USED).from(QUOTA_COUNTER).where(
                                QUOTA_COUNTER.CUSTOMER_ID.eq(customer.getCustomerId()),
                                QUOTA_COUNTER.PERIOD_START.eq(period.start()), QUOTA_COUNTER.METRIC.eq(metric))),
                        DSL.field(DSL.select(DSL.sum(QUOTA_RESERVATION.REMAINING)).from(QUOTA_RESERVATION).where(
                                QUOTA_RESERVATION.CUSTOMER_ID.eq(customer.getCustomerId()), QUOTA_RESERVATION.METRIC.eq(metric),
                                QUOTA_RESERVATION.EXPIRES_AT.gt(clock.instant().atOffset(ZoneOffset.UTC)))))
                .fetchSingle();
        BigDecimal used = counts.value1() == null ? BigDecimal.ZERO : counts.value1();
        BigDecimal reserved = counts.value2() == null ? BigDecimal.ZERO : counts.value2();
        if (state == State.PAUSED || state == State.CANCELED || state == State.EXPIRED) {
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
