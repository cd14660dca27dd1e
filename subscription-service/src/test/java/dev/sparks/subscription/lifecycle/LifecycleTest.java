package dev.sparks.subscription.lifecycle;

import static dev.sparks.subscription.persistence.jooq.Tables.SUBSCRIPTION_AUDIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.schemas.subscription.SubscriptionState;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.subscription.ServiceTestSupport;
import dev.sparks.subscription.schedule.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The subscription lifecycle through the HTTP API, with time moved by the test clock. */
class LifecycleTest extends ServiceTestSupport {

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");

    @Autowired Scheduler scheduler;

    @BeforeEach
    void resetClock() {
        CLOCK.set(START);
    }

    private Response subscribe(String customer, String plan, String extra) {
        return call("POST", "/api/billing/subscribe", customerToken("auth0|" + customer, customer),
                "{\"plan\":\"" + plan + "\"" + extra + "}");
    }

    @Test
    void aStarterTrialLastsFourteenDaysWithoutACardAndRemindsAtSevenThreeAndOneDaysAndAtTheEndOnce() {
        String customer = newCustomerId("trial");
        Response subscribed = subscribe(customer, "starter", "");

        assertThat(subscribed.status()).isEqualTo(201);
        assertThat(subscribed.body().get("state").asString()).isEqualTo("trialing");
        assertThat(instant(subscribed.body().get("trial_ends_at")))
                .isEqualTo(START.plus(Duration.ofDays(14)));

        CLOCK.advance(Duration.ofDays(6));
        scheduler.runOnce();
        assertThat(reminders(customer)).isEmpty();
        for (int day = 7; day <= 14; day++) {
            CLOCK.set(START.plus(Duration.ofDays(day)));
            scheduler.runOnce();
            scheduler.runOnce();
        }

        assertThat(reminders(customer)).extracting(SubscriptionNotice::getType, SubscriptionNotice::getDaysLeft)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(SubscriptionNoticeType.TRIAL_REMINDER, 7),
                        org.assertj.core.groups.Tuple.tuple(SubscriptionNoticeType.TRIAL_REMINDER, 3),
                        org.assertj.core.groups.Tuple.tuple(SubscriptionNoticeType.TRIAL_REMINDER, 1),
                        org.assertj.core.groups.Tuple.tuple(SubscriptionNoticeType.TRIAL_ENDED, 0));
        Response after = call("GET", "/api/billing/subscription", customerToken("auth0|" + customer, customer), null);
        assertThat(after.body().get("plan").asString()).isEqualTo("free");
        assertThat(after.body().get("state").asString()).isEqualTo("active");
        assertThat(states(customer).getLast().getTransition()).isEqualTo("trial_downgraded");
    }

    @Test
    void remindersFireOnceAcrossRestartsAndConcurrentInstances() throws Exception {
        String customer = newCustomerId("restart");
        subscribe(customer, "personal", "");
        Instant trialEnd = Instant.parse("2026-11-01T00:00:00Z"); // one month

        CLOCK.set(trialEnd.minus(Duration.ofDays(3)));
        // Two instances (or a restarted one and the old one) working at the same moment.
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(scheduler::runOnce);
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(scheduler::runOnce);
        one.get();
        two.get();
        // A restart: the scheduler keeps nothing in memory, so a fresh pass reads the same tables.
        scheduler.runOnce();

        List<SubscriptionNotice> reminders = reminders(customer);
        assertThat(reminders).hasSize(1);
        assertThat(reminders.getFirst().getDaysLeft())
                .as("the 7-day reminder fell due while nothing ran; only the latest news is sent")
                .isEqualTo(3);
        assertThat(reminders.getFirst().getTrialEndsAt()).isEqualTo(trialEnd);
    }

    @Test
    void aTrialWithAPaymentMethodOnFileConvertsToPaid() {
        String customer = newCustomerId("convert");
        subscribe(customer, "starter", ",\"billing_interval\":\"annual\"");
        admin("PUT", "/v1/admin/customers/" + customer + "/identity",
                "{\"stripe_customer_id\":\"cus_Stripe1\",\"has_payment_method\":true}");

        CLOCK.set(START.plus(Duration.ofDays(14)));
        scheduler.runOnce();

        SubscriptionStateChanged last = states(customer).getLast();
        assertThat(last.getState()).isEqualTo(SubscriptionState.ACTIVE);
        assertThat(last.getPlan()).isEqualTo("starter");
        assertThat(last.getStripeCustomerId()).isEqualTo("cus_Stripe1");
        assertThat(last.getCurrentPeriodStart()).isEqualTo(START.plus(Duration.ofDays(14)));
        assertThat(last.getCurrentPeriodEnd()).isEqualTo(Instant.parse("2027-10-15T00:00:00Z"));
    }

    @Test
    void anAdminExtendsATrialAndTheNewEndGetsItsOwnReminders() {
        String customer = newCustomerId("extend");
        subscribe(customer, "starter", "");
        CLOCK.set(START.plus(Duration.ofDays(7)));
        scheduler.runOnce();

        Response extended = call("POST", "/v1/admin/customers/" + customer + "/trial/extend", adminToken(), "{\"days\":7}");
        assertThat(extended.status()).isEqualTo(200);
        assertThat(instant(extended.body().get("trial_ends_at"))).isEqualTo(START.plus(Duration.ofDays(21)));

        CLOCK.set(START.plus(Duration.ofDays(14)));
        scheduler.runOnce();
        assertThat(states(customer).getLast().getState()).isEqualTo(SubscriptionState.TRIALING);
        assertThat(reminders(customer)).extracting(SubscriptionNotice::getDaysLeft).containsExactly(7, 7);
        assertThat(call("POST", "/v1/admin/customers/" + customer + "/trial/extend", customerToken("auth0|" + customer, customer),
                "{\"days\":7}").status()).isEqualTo(403);
    }

    @Test
    void anUpgradeTakesEffectAtOnceAndChargesTheProratedDifference() {
        String customer = newCustomerId("upgrade");
        subscribe(customer, "starter", ",\"trial\":false");
        CLOCK.set(Instant.parse("2026-10-16T12:00:00Z")); // half of October (31 days) is over

        Response upgraded = call("PUT", "/api/billing/upgrade", customerToken("auth0|" + customer, customer), "{\"plan\":\"pro\"}");

        assertThat(upgraded.status()).isEqualTo(200);
        assertThat(upgraded.body().get("plan").asString()).isEqualTo("pro");
        // (99.00 - 29.00) / 2 = 35.00
        assertThat(upgraded.body().get("prorated_amount").decimalValue()).isEqualByComparingTo("35.00");
        SubscriptionNotice charge = notices(customer).getLast();
        assertThat(charge.getType()).isEqualTo(SubscriptionNoticeType.PRORATION_CHARGE);
        assertThat(charge.getAmountMinor()).isEqualTo(3500L);
        assertThat(charge.getCurrency()).isEqualTo("USD");
    }

    @Test
    void aDowngradeWaitsForThePeriodEndByDefaultOrCreditsTheRestAtOnce() {
        String customer = newCustomerId("downgrade");
        subscribe(customer, "pro", ",\"trial\":false");
        String token = customerToken("auth0|" + customer, customer);

        Response scheduled = call("PUT", "/api/billing/downgrade", token, "{\"plan\":\"starter\"}");
        assertThat(scheduled.body().get("plan").asString()).isEqualTo("pro");
        assertThat(scheduled.body().get("scheduled_plan").asString()).isEqualTo("starter");

        CLOCK.set(Instant.parse("2026-11-01T00:00:00Z"));
        scheduler.runOnce();
        SubscriptionStateChanged renewed = states(customer).getLast();
        assertThat(renewed.getPlan()).isEqualTo("starter");
        assertThat(renewed.getScheduledPlan()).isNull();
        assertThat(renewed.getCurrentPeriodStart()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(renewed.getCurrentPeriodEnd()).isEqualTo(Instant.parse("2026-12-01T00:00:00Z"));

        CLOCK.set(Instant.parse("2026-11-16T00:00:00Z")); // half of November
        Response now = call("POST", "/subscriptions/update", customerToken("auth0|" + customer, customer),
                "{\"tier\":\"personal\",\"when\":\"now\"}");
        assertThat(now.body().get("plan").asString()).isEqualTo("personal");
        // (9.00 - 29.00) / 2 = -10.00
        assertThat(now.body().get("prorated_amount").decimalValue()).isEqualByComparingTo("-10.00");
        assertThat(notices(customer).getLast().getType()).isEqualTo(SubscriptionNoticeType.PRORATION_CREDIT);
    }

    @Test
    void monthlyToAnnualStartsAYearNowAndAnnualToMonthlyWaitsForThePeriodEnd() {
        String customer = newCustomerId("interval");
        subscribe(customer, "starter", ",\"trial\":false");
        CLOCK.set(Instant.parse("2026-10-16T12:00:00Z"));

        Response annual = call("POST", "/subscriptions/update", customerToken("auth0|" + customer, customer),
                "{\"billing_interval\":\"annual\"}");
        assertThat(annual.body().get("billing_interval").asString()).isEqualTo("annual");
        // $295.80 a year less the unused half of October's $29.00
        assertThat(annual.body().get("prorated_amount").decimalValue()).isEqualByComparingTo("281.30");
        assertThat(instant(annual.body().get("current_period_end")))
                .isEqualTo(Instant.parse("2027-10-16T12:00:00Z"));

        Response monthly = call("POST", "/subscriptions/update", customerToken("auth0|" + customer, customer),
                "{\"billing_interval\":\"monthly\"}");
        assertThat(monthly.body().get("billing_interval").asString()).isEqualTo("annual");
        assertThat(monthly.body().get("scheduled_interval").asString()).isEqualTo("monthly");
    }

    @Test
    void pauseResumeAndCancelFollowTheTableAndAreAudited() {
        String customer = newCustomerId("pause");
        subscribe(customer, "starter", ",\"trial\":false");
        String token = customerToken("auth0|" + customer, customer);

        assertThat(call("POST", "/api/billing/pause", token, null).body().get("state").asString()).isEqualTo("paused");
        Response upgradeWhilePaused = call("PUT", "/api/billing/upgrade", token, "{\"plan\":\"pro\"}");
        assertThat(upgradeWhilePaused.status()).isEqualTo(409);
        assertThat(upgradeWhilePaused.body().get("detail").asString()).contains("paused");
        assertThat(call("POST", "/api/billing/pause", token, null).status()).isEqualTo(409);
        assertThat(call("POST", "/api/billing/resume", token, null).body().get("state").asString()).isEqualTo("active");

        Response atEnd = call("DELETE", "/api/billing/cancel", token, null);
        assertThat(atEnd.body().get("state").asString()).isEqualTo("active");
        assertThat(atEnd.body().get("cancel_at_period_end").asBoolean()).isTrue();
        CLOCK.set(Instant.parse("2026-11-01T00:00:00Z"));
        scheduler.runOnce();
        assertThat(states(customer).getLast().getState()).isEqualTo(SubscriptionState.CANCELED);
        assertThat(call("POST", "/api/billing/resume", customerToken("auth0|" + customer, customer), null).status()).isEqualTo(409);

        assertThat(db.select(SUBSCRIPTION_AUDIT.TRANSITION).from(SUBSCRIPTION_AUDIT)
                .where(SUBSCRIPTION_AUDIT.CUSTOMER_ID.eq(customer)).orderBy(SUBSCRIPTION_AUDIT.ID).fetch(SUBSCRIPTION_AUDIT.TRANSITION))
                .containsExactly("subscribe", "pause", "resume", "cancel_at_period_end", "period_end_canceled");
        assertThat(states(customer)).extracting(SubscriptionStateChanged::getTransition)
                .endsWith("subscribe", "pause", "resume", "cancel_at_period_end", "period_end_canceled");
    }

    @Test
    void cancellingNowCreditsTheUnusedPartOfThePeriod() {
        String customer = newCustomerId("cancel-now");
        subscribe(customer, "pro", ",\"trial\":false");
        CLOCK.set(Instant.parse("2026-10-16T12:00:00Z"));

        Response canceled = call("DELETE", "/api/billing/cancel?when=now", customerToken("auth0|" + customer, customer), null);

        assertThat(canceled.body().get("state").asString()).isEqualTo("canceled");
        assertThat(canceled.body().get("prorated_amount").decimalValue()).isEqualByComparingTo("-49.50");
    }

    @Test
    void aTrialIsGivenOncePerCustomer() {
        String customer = newCustomerId("once");
        subscribe(customer, "starter", "");
        call("DELETE", "/api/billing/cancel?when=now", customerToken("auth0|" + customer, customer), null);

        Response again = subscribe(customer, "starter", "");

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body().get("state").asString()).isEqualTo("active");
        assertThat(subscribe(customer, "pro", "").status()).isEqualTo(409);
    }

    @Test
    void stateChangesReachTheCompactedStateTopicWithEveryExistingField() {
        String customer = newCustomerId("topic");
        admin("PUT", "/v1/customers/" + customer, "{\"email\":\"ops@example.com\",\"display_name\":\"Ops\"}");
        subscribe(customer, "personal", "");

        List<SubscriptionStateChanged> published = TopicReader.read(Topics.SUBSCRIPTION_STATE,
                state -> state.getCustomerId().equals(customer) && state.getState() == SubscriptionState.TRIALING, 1,
                Duration.ofSeconds(20));

        assertThat(published).hasSize(1);
        SubscriptionStateChanged state = published.getFirst();
        assertThat(state.getStatus()).isEqualTo("trialing");
        assertThat(state.getPlan()).isEqualTo("personal");
        assertThat(state.getEmail()).isEqualTo("ops@example.com");
        assertThat(state.getIncludedSparks()).isEqualByComparingTo("50000");
        assertThat(state.getTrialEndsAt()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    }

    private List<SubscriptionNotice> reminders(String customer) {
        return notices(customer).stream()
                .filter(n -> n.getType() == SubscriptionNoticeType.TRIAL_REMINDER || n.getType() == SubscriptionNoticeType.TRIAL_ENDED)
                .toList();
    }
}
