package dev.sparks.invoicing.account;

import static dev.sparks.invoicing.persistence.jooq.Tables.BILLING_ACCOUNT;
import static dev.sparks.invoicing.persistence.jooq.Tables.CLOSED_PERIOD;

import dev.sparks.invoicing.period.Period;
import dev.sparks.invoicing.persistence.jooq.tables.records.BillingAccountRecord;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Who invoicing bills and the period open for each. An account appears with a customer's first
 * usage or subscription record. Until its first period is closed, an older event moves the open
 * period back to the one containing it (events arrive out of order across partitions); after
 * that, older usage is late and is billed as an adjustment.
 */
@Service
public class BillingAccounts {

    private final DSLContext db;

    BillingAccounts(DSLContext db) {
        this.db = db;
    }

    /** Opens the customer's account if needed, so that {@code at} is billed in its open period or a later one. */
    @Transactional
    public void cover(String customerId, Instant at) {
        Optional<BillingAccountRecord> existing = find(customerId);
        if (existing.isEmpty()) {
            Period period = Period.containing(at, null);
            int opened = db.insertInto(BILLING_ACCOUNT)
                    .set(BILLING_ACCOUNT.CUSTOMER_ID, customerId)
                    .set(BILLING_ACCOUNT.PERIOD_START, utc(period.start()))
                    .set(BILLING_ACCOUNT.PERIOD_END, utc(period.end()))
                    .onConflictDoNothing()
                    .execute();
            if (opened == 1) {
                return;
            }
            existing = find(customerId); // another transaction opened it first: its period may be later than at
        }
        if (at.isBefore(existing.orElseThrow().getPeriodStart().toInstant())) {
            moveBackBeforeFirstClose(customerId, at);
        }
    }

    /**
     * The check that no period was closed yet and the move must see the same account: a first close
     * committing in between would otherwise be undone, its period reopened behind the one it opened,
     * and every later close of the customer would fail on that period closed twice. So the row is
     * locked (a closer holds it while closing, so this waits for the close) and read again.
     */
    private void moveBackBeforeFirstClose(String customerId, Instant at) {
        BillingAccountRecord account = lock(customerId);
        if (!at.isBefore(account.getPeriodStart().toInstant()) || hasInvoicedBefore(customerId)) {
            return;
        }
        Period earlier = Period.containing(at, instant(account.getBillingAnchor()));
        account.setPeriodStart(utc(earlier.start()));
        account.setPeriodEnd(utc(earlier.end()));
        db.executeUpdate(account);
    }

    /**
     * Contact details and billing rhythm from the customer's latest subscription record. A new
     * anchor takes effect from the next period, except before the first close, when the open period
     * is re-cut to the anchor's rhythm at once. The row is locked first, for the reason given at
     * {@link #moveBackBeforeFirstClose}.
     */
    @Transactional
    public void updateProfile(String customerId, Instant at, String displayName, String email, String authSubject,
            Instant anchor) {
        cover(customerId, at);
        BillingAccountRecord account = lock(customerId);
        account.setDisplayName(displayName);
        account.setEmail(email);
        account.setAuthSubject(authSubject);
        boolean anchorChanged = !java.util.Objects.equals(instant(account.getBillingAnchor()), anchor);
        account.setBillingAnchor(anchor == null ? null : utc(anchor));
        if (anchorChanged && !hasInvoicedBefore(customerId)) {
            Period recut = Period.containing(account.getPeriodStart().toInstant(), anchor);
            account.setPeriodStart(utc(recut.start()));
            account.setPeriodEnd(utc(recut.end()));
        }
        db.executeUpdate(account);
    }

    /** The account, locked until the transaction ends, as the last committed transaction left it. */
    private BillingAccountRecord lock(String customerId) {
        return db.selectFrom(BILLING_ACCOUNT).where(BILLING_ACCOUNT.CUSTOMER_ID.eq(customerId)).forUpdate().fetchSingle();
    }

    @Transactional(readOnly = true)
    public Optional<BillingAccountRecord> find(String customerId) {
        return db.selectFrom(BILLING_ACCOUNT).where(BILLING_ACCOUNT.CUSTOMER_ID.eq(customerId)).fetchOptional();
    }

    /** The customer whose Auth0 subject this is, if its subscription record named it. */
    @Transactional(readOnly = true)
    public Optional<String> customerOfSubject(String authSubject) {
        return db.select(BILLING_ACCOUNT.CUSTOMER_ID).from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.AUTH_SUBJECT.eq(authSubject))
                .fetchOptional(BILLING_ACCOUNT.CUSTOMER_ID);
    }

    /** Accounts whose open period ended at or before {@code endedBy}, oldest first. */
    @Transactional(readOnly = true)
    public List<String> due(Instant endedBy, int limit) {
        return db.select(BILLING_ACCOUNT.CUSTOMER_ID).from(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.PERIOD_END.le(utc(endedBy)))
                .orderBy(BILLING_ACCOUNT.PERIOD_END, BILLING_ACCOUNT.CUSTOMER_ID)
                .limit(limit)
                .fetch(BILLING_ACCOUNT.CUSTOMER_ID);
    }

    /** Locks the account for closing its period, unless another closer holds it. */
    public Optional<BillingAccountRecord> tryLock(String customerId) {
        return db.selectFrom(BILLING_ACCOUNT)
                .where(BILLING_ACCOUNT.CUSTOMER_ID.eq(customerId))
                .forUpdate().skipLocked()
                .fetchOptional();
    }

    /** Opens the next period; call in the transaction that closed the current one. */
    public Period advance(BillingAccountRecord account) {
        Period next = period(account).next(instant(account.getBillingAnchor()));
        account.setPeriodStart(utc(next.start()));
        account.setPeriodEnd(utc(next.end()));
        db.executeUpdate(account);
        return next;
    }

    public static Period period(BillingAccountRecord account) {
        return new Period(account.getPeriodStart().toInstant(), account.getPeriodEnd().toInstant());
    }

    private boolean hasInvoicedBefore(String customerId) {
        return db.fetchExists(CLOSED_PERIOD, CLOSED_PERIOD.CUSTOMER_ID.eq(customerId));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
