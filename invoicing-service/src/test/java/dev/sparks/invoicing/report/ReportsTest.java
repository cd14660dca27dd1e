package dev.sparks.invoicing.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.InvoicingTestSupport;
import dev.sparks.schemas.rating.DiscountScope;
import dev.sparks.schemas.rating.RateCardPublished;
import dev.sparks.schemas.rating.VolumeDiscount;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The rate card's month rule, reconciliation's differences and the revenue figures. */
class ReportsTest extends InvoicingTestSupport {

    @Test
    void thePublishedCardsVolumeDiscountAndSparkRateApplyToThePeriodsItCovers() {
        RateCardPublished card = RateCardPublished.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(at("2030-01-01T00:00:00Z")).setProducer("test")
                .setVersion("test-2030-01").setEffectiveFrom(at("2030-01-01T00:00:00Z"))
                .setEffectiveTo(at("2030-02-01T00:00:00Z"))
                .setUsdPerSpark(new BigDecimal("0.002000000"))
                .setMetrics(List.of())
                .setVolumeDiscount(VolumeDiscount.newBuilder().setThresholdSparks(new BigDecimal("10000.000000"))
                        .setPercent(new BigDecimal("5.0000")).setAppliesTo(DiscountScope.ABOVE_THRESHOLD).build())
                .build();
        send(Topics.RATE_CARDS, card.getVersion(), card);
        await(() -> db.fetchExists(dev.sparks.invoicing.persistence.jooq.Tables.RATE_CARD,
                dev.sparks.invoicing.persistence.jooq.Tables.RATE_CARD.VERSION.eq("test-2030-01")), "rate card");
        String customer = newCustomer("volume");
        CLOCK.set(at("2030-01-10T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "300000", "30000", at("2030-01-05T00:00:00Z"), "0.002");

        CLOCK.set(at("2030-02-01T02:00:00Z"));
        closer.closeDue();

        JsonNode invoice = invoice(invoicesOf(customer).getFirst().get("invoice_id").asString());
        assertThat(linesIn(invoice, "Usage")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).as("30,000 x $0.002").isEqualTo(6000));
        assertThat(linesIn(invoice, "Discounts")).singleElement()
                .satisfies(line -> assertThat(line.get("amount_minor").asLong()).as("5% of 20,000 x $0.002").isEqualTo(-200));
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isEqualTo(5800);
    }

    @Test
    void aSparkRateChangeMidPeriodBillsEachEventAtTheRateOfTheCardThatPricedIt() {
        publish(card("test-2031-01a", "2031-01-01T00:00:00Z", "2031-01-16T00:00:00Z", "0.001000000"));
        publish(card("test-2031-01b", "2031-01-16T00:00:00Z", null, "0.002000000"));
        String customer = newCustomer("rate-change");
        CLOCK.set(at("2031-01-20T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "100000", "10000", at("2031-01-05T00:00:00Z"), "0.001");
        usage(customer, "ai_tokens", "ai_tokens", "100000", "10000", at("2031-01-18T00:00:00Z"), "0.002");

        CLOCK.set(at("2031-02-01T02:00:00Z"));
        closer.closeDue();

        JsonNode invoice = invoice(invoicesOf(customer).getFirst().get("invoice_id").asString());
        assertThat(linesIn(invoice, "Usage")).singleElement().satisfies(line -> assertThat(line.get("amount_minor").asLong())
                .as("10,000 Sparks at $0.001 plus 10,000 at $0.002: the events' own dollars").isEqualTo(3000));
        assertThat(linesIn(invoice, "Discounts")).singleElement().satisfies(line -> assertThat(line.get("amount_minor").asLong())
                .as("5% of the 10,000 Sparks above the threshold, at the month's $0.0015 a Spark").isEqualTo(-75));
        assertThat(invoice.get("invoice").get("total_minor").asLong()).isEqualTo(2925);
    }

    private void publish(RateCardPublished card) {
        send(Topics.RATE_CARDS, card.getVersion(), card);
        await(() -> db.fetchExists(dev.sparks.invoicing.persistence.jooq.Tables.RATE_CARD,
                dev.sparks.invoicing.persistence.jooq.Tables.RATE_CARD.VERSION.eq(card.getVersion())), "rate card");
    }

    private static RateCardPublished card(String version, String from, String to, String usdPerSpark) {
        return RateCardPublished.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(at(from)).setProducer("test")
                .setVersion(version).setEffectiveFrom(at(from)).setEffectiveTo(to == null ? null : at(to))
                .setUsdPerSpark(new BigDecimal(usdPerSpark))
                .setMetrics(List.of())
                .setVolumeDiscount(VolumeDiscount.newBuilder().setThresholdSparks(new BigDecimal("10000.000000"))
                        .setPercent(new BigDecimal("5.0000")).setAppliesTo(DiscountScope.ABOVE_THRESHOLD).build())
                .build();
    }

    @Test
    void reconciliationListsAnIngestedEventThatWasNeverRatedByItsId() {
        String customer = newCustomer("unrated");
        CLOCK.set(at("2030-03-10T00:00:00Z"));
        usage(customer, "ai_tokens", "ai_tokens", "1000", "100", at("2030-03-02T00:00:00Z"));
        String lost = UUID.randomUUID().toString();
        send(Topics.USAGE_RAW, customer, RawUsageEvent.newBuilder().setEventId(lost).setOccurredAt(at("2030-03-03T00:00:00Z"))
                .setCustomerId(customer).setProducer("test").setSource("api").setMetric("ai_tokens")
                .setQuantity(new BigDecimal("500.000000000")).setIngestedAt(at("2030-03-03T00:00:00Z"))
                .setProperties(Map.of()).build());
        await(() -> admin("GET", "/v1/admin/reconciliation?month=2030-03", null).raw().contains(lost), "the lost event");
        CLOCK.set(at("2030-04-01T02:00:00Z"));
        closer.closeDue();

        JsonNode report = admin("GET", "/v1/admin/reconciliation?month=2030-03", null).body();

        assertThat(report.get("balanced").asBoolean()).isFalse();
        assertThat(report.get("differences").valueStream().filter(d -> d.get("customer_id").asString().equals(customer)))
                .singleElement().satisfies(difference -> {
                    assertThat(difference.get("event_id").asString()).isEqualTo(lost);
                    assertThat(difference.get("problem").asString()).isEqualTo("ingested_not_rated");
                });
        JsonNode row = report.get("rows").valueStream().filter(r -> r.get("customer_id").asString().equals(customer))
                .findFirst().orElseThrow();
        assertThat(row.get("ingested").get("events").asLong()).isEqualTo(2);
        assertThat(row.get("rated").get("events").asLong()).isEqualTo(1);
        assertThat(row.get("invoiced").get("events").asLong()).isEqualTo(1);
    }

    @Test
    void revenueFiguresComeFromTheSubscriptionHistory() {
        // Other tests' customers share this database: compare the figures before and after these three.
        CLOCK.set(at("2031-02-15T00:00:00Z"));
        JsonNode before = admin("GET", "/v1/admin/metrics/revenue?from=2031-01&to=2031-02", null).body();
        String monthly = newCustomer("mrr-monthly");
        String annual = newCustomer("mrr-annual");
        String churned = newCustomer("mrr-churned");
        subscription(monthly, "pro", "active", 9900, "1000000", true, false, at("2031-01-05T00:00:00Z"), "subscribe");
        subscription(annual, "pro", "active", 9900, "1000000", true, true, at("2031-01-06T00:00:00Z"), "subscribe");
        subscription(churned, "starter", "active", 2900, "200000", true, false, at("2031-01-07T00:00:00Z"), "subscribe");
        subscription(churned, "starter", "canceled", 2900, "200000", true, false, at("2031-02-03T00:00:00Z"), "cancel_now");

        JsonNode after = admin("GET", "/v1/admin/metrics/revenue?from=2031-01&to=2031-02", null).body();

        assertThat(after).hasSize(2);
        assertThat(delta(before, after, 0, "mrr_minor")).as("9900 + 8415 + 2900").isEqualTo(21215);
        assertThat(delta(before, after, 1, "mrr_minor")).isEqualTo(18315);
        assertThat(delta(before, after, 1, "arr_minor")).isEqualTo(18315 * 12);
        assertThat(delta(before, after, 1, "churned_mrr_minor")).isEqualTo(2900);
        assertThat(delta(before, after, 1, "churned_customers")).isEqualTo(1);
        assertThat(admin("GET", "/v1/admin/metrics/revenue?from=2031-03&to=2031-01", null).body().get("field").asString())
                .isEqualTo("from");
    }

    private static long delta(JsonNode before, JsonNode after, int month, String figure) {
        return after.get(month).get(figure).asLong() - before.get(month).get(figure).asLong();
    }
}
