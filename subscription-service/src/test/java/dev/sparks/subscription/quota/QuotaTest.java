package dev.sparks.subscription.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionNoticeType;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.subscription.ServiceTestSupport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/** Quotas in real time: usage from usage.rated.v1 into counters, thresholds, spikes, and quota/authorize. */
class QuotaTest extends ServiceTestSupport {

    @Autowired MeterRegistry meters;

    private static final Instant NOW = Instant.parse("2026-10-15T12:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @BeforeEach
    void resetClock() {
        CLOCK.set(NOW);
    }

    private String freeCustomer(String prefix) {
        String customer = newCustomerId(prefix);
        assertThat(admin("PUT", "/v1/customers/" + customer, "{\"email\":\"a@b.example\"}").status()).isEqualTo(200);
        return customer;
    }

    private String paidCustomer(String prefix, String plan) {
        String customer = freeCustomer(prefix);
        assertThat(admin("POST", "/api/billing/subscribe",
                "{\"customer_id\":\"" + customer + "\",\"plan\":\"" + plan + "\",\"trial\":false}").status()).isEqualTo(201);
        return customer;
    }

    private Response authorize(String customer, String sparks) {
        return admin("POST", "/v1/quota/authorize", "{\"customer_id\":\"" + customer + "\",\"sparks\":" + sparks + "}");
    }

    private String decision(String customer, String sparks) {
        return authorize(customer, sparks).body().get("decision").asString();
    }

    private BigDecimal usedSparks(String customer) {
        return admin("GET", "/api/usage/current?customer_id=" + customer, null).body().get("used_sparks").decimalValue();
    }

    private void awaitUsed(String customer, String sparks) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(usedSparks(customer)).isEqualByComparingTo(sparks));
    }

    @Test
    void ratedUsageIsCountedOnceAndCorrectionsJustAdd() {
        String customer = freeCustomer("count");
        RatedUsageEvent event = rated(customer, "ai_tokens", "10000", "1000", NOW);
        sendRated(event);
        sendRated(event);
        sendRated(rated(customer, "ai_tokens", "-2000", "-200", NOW));
        sendRated(rated(customer, "compute_minutes", "2", "100", NOW));

        awaitUsed(customer, "900");
        Response current = admin("GET", "/api/usage/current?customer_id=" + customer, null);
        assertThat(current.body().get("remaining_sparks").decimalValue()).isEqualByComparingTo("9100");
        assertThat(admin("GET", "/v1/customers/" + customer + "/usage/current", null).body().get("used_sparks").decimalValue())
                .isEqualByComparingTo("900");
    }

    @Test
    void thresholdsAreAnnouncedOncePerPeriodEvenWithDuplicatesAndDipsBelow() {
        String customer = freeCustomer("thresholds");
        RatedUsageEvent big = rated(customer, "ai_tokens", "85000", "8500", NOW);
        sendRated(big);
        sendRated(big);
        awaitUsed(customer, "8500");
        sendRated(rated(customer, "ai_tokens", "-10000", "-1000", NOW)); // a correction: back to 7,500
        sendRated(rated(customer, "ai_tokens", "15000", "1500", NOW));   // 9,000: 80% again, 90% first
        sendRated(rated(customer, "ai_tokens", "15000", "1500", NOW));   // 10,500: 100%
        awaitUsed(customer, "10500");

        assertThat(thresholds(customer)).extracting(SubscriptionNotice::getThresholdPercent).containsExactly(80, 90, 100);
        assertThat(thresholds(customer).getLast().getLimit()).isEqualByComparingTo("10000");

        // A new month is a new period: counters start at zero and thresholds can fire again.
        sendRated(rated(customer, "ai_tokens", "85000", "8500", Instant.parse("2026-11-02T00:00:00Z")));
        CLOCK.set(Instant.parse("2026-11-02T00:00:00Z"));
        awaitUsed(customer, "8500");
        assertThat(thresholds(customer)).extracting(SubscriptionNotice::getThresholdPercent).containsExactly(80, 90, 100, 80);
    }

    @Test
    // the failure before the bound was a request that never ended (arithmetic on a billion-digit number)
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void sparksWithAHugeExponentAreRefusedNamingTheFieldAndReserveNothing() {
        String customer = freeCustomer("exponent");

        for (String sparks : List.of("1e999999999", "1e-999999999", "-1e999999999")) {
            Response refused = authorize(customer, sparks);
            assertThat(refused.status()).as(sparks).isEqualTo(400);
            assertThat(refused.body().get("field").asString()).as(sparks).isEqualTo("sparks");
        }

        assertThat(authorize(customer, "1").body().get("reserved").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void authorizationLatencyIsRecordedAsAHistogramPerDecision() {
        String customer = freeCustomer("latency");
        long deniedBefore = authorizations("deny");

        assertThat(decision(customer, "20000")).isEqualTo("deny");

        assertThat(authorizations("deny")).isEqualTo(deniedBefore + 1);
        Timer timer = meters.get("sparks.quota.authorize").tag("decision", "deny").timer();
        assertThat(timer.takeSnapshot().histogramCounts()).as("buckets for sparks_quota_authorize_seconds_bucket").isNotEmpty();
    }

    private long authorizations(String decision) {
        Timer timer = meters.find("sparks.quota.authorize").tag("decision", decision).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void theFreePlanIsAHardLimitCountingUsageStillInFlight() {
        String customer = freeCustomer("free");

        Response first = authorize(customer, "5000");
        assertThat(first.body().get("decision").asString()).isEqualTo("allow");
        assertThat(first.body().get("reservation_id").isNull()).isFalse();
        assertThat(decision(customer, "3000")).isEqualTo("allow");
        assertThat(decision(customer, "1500")).isEqualTo("allow_with_warning");
        Response denied = authorize(customer, "1000");
        assertThat(denied.body().get("decision").asString()).isEqualTo("deny");
        assertThat(denied.body().get("reserved").decimalValue()).isEqualByComparingTo("9500");

        // The usage arrives: it settles what was in flight instead of counting twice.
        sendRated(rated(customer, "ai_tokens", "50000", "5000", NOW));
        awaitUsed(customer, "5000");
        assertThat(authorize(customer, "500").body().get("reserved").decimalValue()).isEqualByComparingTo("4500");

        // Reservations that are never used lapse.
        CLOCK.advance(Duration.ofMinutes(6));
        Response later = authorize(customer, "1000");
        assertThat(later.body().get("reserved").decimalValue()).isEqualByComparingTo("0");
        assertThat(later.body().get("decision").asString()).isEqualTo("allow");
    }

    @Test
    void aBlockedPaidPlanHasAGraceMarginAndABilledOneKeepsWorkingWithOverage() {
        String personal = paidCustomer("grace", "personal"); // 50,000 included, blocked, 10% grace
        sendRated(rated(personal, "ai_tokens", "480000", "48000", NOW));
        awaitUsed(personal, "48000");
        assertThat(decision(personal, "1000")).isEqualTo("allow_with_warning");
        assertThat(authorize(personal, "5000").body().get("reason").asString()).contains("grace"); // 54,000 of 55,000
        assertThat(decision(personal, "2000")).isEqualTo("deny");

        String starter = paidCustomer("overage", "starter"); // 200,000 included, overage billed
        sendRated(rated(starter, "ai_tokens", "2500000", "250000", NOW));
        awaitUsed(starter, "250000");
        Response overage = authorize(starter, "100000");
        assertThat(overage.body().get("decision").asString()).isEqualTo("allow_with_warning");
        assertThat(overage.body().get("reason").asString()).contains("overage is billed");
    }

    @Test
    void featuresAreCheckedAgainstThePlanAndTheirLimits() {
        String customer = freeCustomer("features");
        String body = "{\"customer_id\":\"" + customer + "\",\"feature\":\"%s\"}";

        assertThat(admin("POST", "/v1/quota/authorize", body.formatted("api_access")).body().get("decision").asString())
                .isEqualTo("deny");
        assertThat(admin("POST", "/v1/quota/authorize", body.formatted("chatbots")).body().get("decision").asString())
                .isEqualTo("allow_with_warning");
        assertThat(admin("POST", "/v1/quota/authorize", body.formatted("chatbots")).body().get("decision").asString())
                .isEqualTo("deny");
        Response check = admin("POST", "/api/features/check", body.formatted("messages"));
        assertThat(check.body().get("allowed").asBoolean()).isTrue();
        assertThat(check.body().get("usage_limit").decimalValue()).isEqualByComparingTo("1000");
        assertThat(admin("GET", "/api/features/available?customer_id=" + customer, null).body().get("api_access")
                .get("enabled").asBoolean()).isFalse();
    }

    @Test
    void anEnterpriseCustomQuotaOverridesThePlan() {
        String customer = paidCustomer("enterprise", "enterprise");
        assertThat(admin("PUT", "/v1/admin/customers/" + customer + "/quotas/sparks",
                "{\"enabled\":true,\"usage_limit\":1000}").status()).isEqualTo(200);
        admin("PUT", "/v1/admin/customers/" + customer + "/quotas/chatbots", "{\"enabled\":true,\"usage_limit\":500}");

        Response limits = admin("GET", "/api/usage/limits?customer_id=" + customer, null);
        assertThat(limits.body().get("included_sparks").decimalValue()).isEqualByComparingTo("1000");
        assertThat(limits.body().get("features").get("chatbots").get("usage_limit").decimalValue()).isEqualByComparingTo("500");
        assertThat(decision(customer, "900")).isEqualTo("allow_with_warning");
    }

    @Test
    void aCustomSparksQuotaIsAnnouncedSoInvoicingBillsIt() {
        String customer = paidCustomer("announced", "enterprise");
        assertThat(admin("PUT", "/v1/admin/customers/" + customer + "/quotas/sparks",
                "{\"enabled\":true,\"usage_limit\":5000000}").status()).isEqualTo(200);

        assertThat(states(customer).getLast().getIncludedSparks()).isEqualByComparingTo("5000000");
        assertThat(states(customer).getLast().getTransition()).isEqualTo("quota_changed");
    }

    @Test
    void aPlanEditIsAnnouncedForEveryCustomerOnThePlan() {
        String plan = "edit" + Math.abs(System.nanoTime() % 100000);
        String body = "{\"display_name\":\"Edited\",\"tier\":2,\"monthly_price_minor\":1500,\"included_sparks\":%s,"
                + "\"overage\":\"billed\"}";
        assertThat(admin("PUT", "/v1/admin/plans/" + plan, body.formatted("20000")).status()).isEqualTo(200);
        String first = paidCustomer("planedit", plan);
        String second = paidCustomer("planedit", plan);
        String other = paidCustomer("planedit", "starter");
        int othersBefore = states(other).size();

        assertThat(admin("PUT", "/v1/admin/plans/" + plan, body.formatted("30000")).status()).isEqualTo(200);

        for (String customer : List.of(first, second)) {
            assertThat(states(customer).getLast().getIncludedSparks()).isEqualByComparingTo("30000");
            assertThat(states(customer).getLast().getTransition()).isEqualTo("plan_updated");
        }
        assertThat(states(other)).hasSize(othersBefore);
    }

    @Test
    void pausedSubscriptionsAreDenied() {
        String customer = paidCustomer("paused", "starter");
        admin("POST", "/api/billing/pause", "{\"customer_id\":\"" + customer + "\"}");

        Response denied = authorize(customer, "1");
        assertThat(denied.body().get("decision").asString()).isEqualTo("deny");
        assertThat(denied.body().get("reason").asString()).contains("paused");
    }

    @Test
    void anniversaryPlansResetOnTheSubscriptionDayNotTheFirst() {
        String customer = paidCustomer("anniversary", "pro"); // subscribed 2026-10-15T12:00Z
        sendRated(rated(customer, "ai_tokens", "10", "1", Instant.parse("2026-11-02T00:00:00Z")));
        CLOCK.set(Instant.parse("2026-11-02T00:00:00Z"));
        awaitUsed(customer, "1");
        Response current = admin("GET", "/api/usage/current?customer_id=" + customer, null);
        assertThat(instant(current.body().get("period").get("start"))).isEqualTo(Instant.parse("2026-10-15T12:00:00Z"));

        CLOCK.set(Instant.parse("2026-11-15T12:00:00Z"));
        assertThat(usedSparks(customer)).isEqualByComparingTo("0");
    }

    @Test
    void anHourFarAboveTheTrailingAverageRaisesOneSpikeAlert() {
        String customer = paidCustomer("spike", "starter");
        for (int hour = 1; hour <= 24; hour++) {
            sendRated(rated(customer, "ai_tokens", "1000", "100", NOW.minus(Duration.ofHours(hour))));
        }
        sendRated(rated(customer, "ai_tokens", "20000", "2000", NOW));
        sendRated(rated(customer, "ai_tokens", "20000", "2000", NOW.plusSeconds(60)));
        awaitUsed(customer, "6400");

        List<SubscriptionNotice> spikes = notices(customer).stream()
                .filter(n -> n.getType() == SubscriptionNoticeType.USAGE_SPIKE).toList();
        assertThat(spikes).hasSize(1);
        assertThat(spikes.getFirst().getUsed()).isEqualByComparingTo("2000");
        assertThat(spikes.getFirst().getLimit()).isEqualByComparingTo("100");
    }

    @Test
    void oneEventCrossingSeveralMarksSendsOneNoticeForTheHighestWithTheRealPercentage() {
        String customer = freeCustomer("leap");
        sendRated(rated(customer, "ai_tokens", "125000", "12500", NOW));
        awaitUsed(customer, "12500");
        sendRated(rated(customer, "ai_tokens", "10000", "1000", NOW));
        awaitUsed(customer, "13500");

        List<SubscriptionNotice> notices = thresholds(customer);
        assertThat(notices).extracting(SubscriptionNotice::getThresholdPercent).containsExactly(100);
        assertThat(notices.getFirst().getUsed()).isEqualByComparingTo("12500");
        assertThat(notices.getFirst().getDescription()).startsWith("125% ");
    }

    @Test
    void usageOfAPeriodThatIsOverAnnouncesNothingAndSettlesNoReservationOfToday() {
        String customer = freeCustomer("late");
        long septemberBefore = accounted("2026-09");
        assertThat(authorize(customer, "600").body().get("decision").asString()).startsWith("allow");
        // September ended before "now" (15 October): a backfill over its whole allowance, with an hour
        // far above the trailing average. Neither may mail the customer about a month that is over.
        Instant september = Instant.parse("2026-09-20T10:00:00Z");
        for (int hour = 1; hour <= 24; hour++) {
            sendRated(rated(customer, "ai_tokens", "1000", "100", september.minus(Duration.ofHours(hour))));
        }
        sendRated(rated(customer, "ai_tokens", "120000", "12000", september));
        Awaitility.await().atMost(WAIT).until(() -> accounted("2026-09") >= septemberBefore + 25);

        assertThat(notices(customer)).isEmpty();
        // Today's 600 Sparks are still in flight: September's usage is not what they were for.
        assertThat(authorize(customer, "1").body().get("reserved").decimalValue()).isGreaterThanOrEqualTo(new BigDecimal("600"));

        sendRated(rated(customer, "ai_tokens", "85000", "8500", NOW));
        awaitUsed(customer, "8500");
        assertThat(thresholds(customer)).extracting(SubscriptionNotice::getThresholdPercent).containsExactly(80);
    }

    private long accounted(String month) {
        return admin("GET", "/v1/admin/usage/accounted?month=" + month, null).body().get("events").asLong();
    }

    @Test
    void aSpikeInAnHourLongPastRaisesNoAlert() {
        String customer = paidCustomer("oldspike", "starter");
        Instant longAgo = NOW.minus(Duration.ofDays(3));
        for (int hour = 1; hour <= 24; hour++) {
            sendRated(rated(customer, "ai_tokens", "1000", "100", longAgo.minus(Duration.ofHours(hour))));
        }
        sendRated(rated(customer, "ai_tokens", "20000", "2000", longAgo));
        sendRated(rated(customer, "ai_tokens", "10000", "1000", NOW));
        awaitUsed(customer, "5400");

        assertThat(notices(customer)).noneMatch(n -> n.getType() == SubscriptionNoticeType.USAGE_SPIKE);
    }

    private List<SubscriptionNotice> thresholds(String customer) {
        return notices(customer).stream().filter(n -> n.getType() == SubscriptionNoticeType.THRESHOLD_CROSSED).toList();
    }
}
