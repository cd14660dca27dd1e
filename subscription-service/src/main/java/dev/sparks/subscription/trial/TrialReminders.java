package dev.sparks.subscription.trial;

import static dev.sparks.subscription.persistence.jooq.Tables.CUSTOMER;
import static dev.sparks.subscription.persistence.jooq.Tables.TRIAL_NOTICE;

import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.subscription.lifecycle.PeriodEnds;
import dev.sparks.subscription.lifecycle.State;
import dev.sparks.subscription.notice.Notices;
import dev.sparks.subscription.persistence.jooq.tables.records.CustomerRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Trial reminders 7, 3 and 1 days before a trial ends, and the end itself, each exactly once. The
 * once comes from the database, not from memory: a reminder is sent in the transaction that inserts
 * its {@code trial_notice} row (primary key customer, trial end, kind), so a restart, a second
 * instance or a repeated run finds it sent. A reminder that fell due while nothing ran (the service
 * was down through the 3-day mark) is recorded as skipped when a later one is already due: the
 * customer hears the latest news once, not three stale reminders at once. An extended trial has a
 * new end, and so gets its own reminders.
 */
@Service
public class TrialReminders {

    private final DSLContext db;
    private final PeriodEnds periodEnds;
    private final Notices notices;
    private final Clock clock;

    TrialReminders(DSLContext db, PeriodEnds periodEnds, Notices notices, Clock clock) {
        this.db = db;
        this.periodEnds = periodEnds;
        this.notices = notices;
        this.clock = clock;
    }

    /** The kinds in order; {@code days} 0 is the end of the trial. */
    enum Kind {
        D7("7d", 7), D3("3d", 3), D1("1d", 1), EXPIRED("expired", 0);

        final String code;
        final int days;

        Kind(String code, int days) {
            this.code = code;
            this.days = days;
        }

        static Kind dueAt(OffsetDateTime now, OffsetDateTime trialEnd) {
            Kind due = null;
            for (Kind kind : values()) {
                if (!now.isBefore(trialEnd.minusDays(kind.days))) {
                    due = kind;
                }
            }
            return due;
        }
    }

    /** Trials whose latest due notice has not been recorded yet. */
    @Transactional(readOnly = true)
    public List<String> due(int limit) {
        OffsetDateTime now = now();
        Field<String> expected = DSL.when(CUSTOMER.TRIAL_ENDS_AT.le(now), Kind.EXPIRED.code)
                .when(CUSTOMER.TRIAL_ENDS_AT.le(now.plusDays(1)), Kind.D1.code)
                .when(CUSTOMER.TRIAL_ENDS_AT.le(now.plusDays(3)), Kind.D3.code)
                .otherwise(Kind.D7.code);
        return db.select(CUSTOMER.CUSTOMER_ID).from(CUSTOMER)
                .where(CUSTOMER.STATUS.eq(State.TRIALING.code()), CUSTOMER.TRIAL_ENDS_AT.le(now.plusDays(7)))
                .andNotExists(DSL.selectOne().from(TRIAL_NOTICE).where(
                        TRIAL_NOTICE.CUSTOMER_ID.eq(CUSTOMER.CUSTOMER_ID),
                        TRIAL_NOTICE.TRIAL_ENDS_AT.eq(CUSTOMER.TRIAL_ENDS_AT),
                        TRIAL_NOTICE.KIND.eq(expected)))
                .orderBy(CUSTOMER.TRIAL_ENDS_AT)
                .limit(limit)
                .fetch(CUSTOMER.CUSTOMER_ID);
    }

    /** Sends what is due for one trial; false when nothing was (or another instance holds it). */
    @Transactional
    public boolean process(String customerId) {
        CustomerRecord row = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId))
                .forUpdate().skipLocked().fetchOptional().orElse(null);
        if (row == null || !State.TRIALING.code().equals(row.getStatus())) {
            return false;
        }
        OffsetDateTime trialEnd = row.getTrialEndsAt();
        Kind due = Kind.dueAt(now(), trialEnd);
        if (due == null || !record(row, due, true)) {
            return false;
        }
        for (Kind earlier : Kind.values()) {
            if (earlier.ordinal() < due.ordinal()) {
                record(row, earlier, false);
            }
        }
        String reference = "trial:" + customerId + ":" + trialEnd.toInstant() + ":" + due.code;
        if (due == Kind.EXPIRED) {
            periodEnds.endTrial(customerId);
            CustomerRecord after = db.selectFrom(CUSTOMER).where(CUSTOMER.CUSTOMER_ID.eq(customerId)).fetchSingle();
            notices.publish(SubscriptionNoticeType.TRIAL_ENDED, customerId, row.getPlan(), reference, notice -> notice
                    .setTrialEndsAt(trialEnd.toInstant())
                    .setDaysLeft(0)
                    .setDescription("now " + after.getStatus() + " on " + after.getPlan()));
        } else {
            notices.publish(SubscriptionNoticeType.TRIAL_REMINDER, customerId, row.getPlan(), reference, notice -> notice
                    .setTrialEndsAt(trialEnd.toInstant())
                    .setDaysLeft(due.days)
                    .setDescription("Your " + row.getPlan() + " trial ends in "
                            + Duration.between(now(), trialEnd).toDays() + " day(s)"));
        }
        return true;
    }

    private boolean record(CustomerRecord row, Kind kind, boolean sent) {
        return db.insertInto(TRIAL_NOTICE)
                .set(TRIAL_NOTICE.CUSTOMER_ID, row.getCustomerId())
                .set(TRIAL_NOTICE.TRIAL_ENDS_AT, row.getTrialEndsAt())
                .set(TRIAL_NOTICE.KIND, kind.code)
                .set(TRIAL_NOTICE.SENT, sent)
                .set(TRIAL_NOTICE.RECORDED_AT, now())
                .onConflictDoNothing()
                .execute() == 1;
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
