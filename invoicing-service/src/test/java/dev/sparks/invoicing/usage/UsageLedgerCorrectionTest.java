package dev.sparks.invoicing.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.invoicing.period.BillingPeriod;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A re-rating correction moves the ledger's Sparks by its (negative) delta without counting an event. */
@SpringBootTest
@DirtiesContext
class UsageLedgerCorrectionTest {

    private static final Instant AT = Instant.parse("2026-10-15T12:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "invoicing_corrections");
    }

    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;
    @Autowired UsageLedger ledger;

    @Test
    void aNegativeCorrectionLowersTheSparksOnceAndIsNotAnEvent() throws Exception {
        String customer = "corrected-" + UUID.randomUUID();
        RatedUsageEvent original = rated(customer, RatedUsageKind.ORIGINAL, "2500", "250", null);
        RatedUsageEvent correction = rated(customer, RatedUsageKind.CORRECTION, "0", "-50", original.getEventId());
        send(original);
        send(correction);
        send(correction);

        List<UsageTotal> totals = awaitTotals(customer, "200");

        assertThat(totals).singleElement().satisfies(total -> {
            assertThat(total.sparks()).isEqualByComparingTo("200");
            assertThat(total.quantity()).isEqualByComparingTo("2500");
            assertThat(total.events()).isEqualTo(1);
        });
    }

    private List<UsageTotal> awaitTotals(String customer, String sparks) throws InterruptedException {
        for (int attempt = 0; attempt < 300; attempt++) {
            List<UsageTotal> totals = ledger.totals(customer, BillingPeriod.of(AT));
            if (!totals.isEmpty() && totals.getFirst().sparks().compareTo(new BigDecimal(sparks)) == 0) {
                Thread.sleep(1_000); // and a repeated correction had its chance to count twice
                return ledger.totals(customer, BillingPeriod.of(AT));
            }
            Thread.sleep(100);
        }
        return ledger.totals(customer, BillingPeriod.of(AT));
    }

    private static RatedUsageEvent rated(String customer, RatedUsageKind kind, String quantity, String sparks, String corrects) {
        return RatedUsageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(AT).setCustomerId(customer).setProducer("test")
                .setRawEventId("raw-" + customer).setMetric("ai_tokens").setCategory("ai_tokens")
                .setQuantity(new BigDecimal(quantity).setScale(9)).setUnit("token")
                .setUnitPriceSparks(new BigDecimal("0.100000000")).setSparks(new BigDecimal(sparks).setScale(6))
                .setUsd(new BigDecimal(sparks).multiply(new BigDecimal("0.001")).setScale(9))
                .setRateCardVersion(kind == RatedUsageKind.ORIGINAL ? "v1" : "v2").setRule("per_unit")
                .setKind(kind).setCorrectsEventId(corrects)
                .build();
    }

    private void send(RatedUsageEvent event) {
        kafka.send(Topics.USAGE_RATED.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RATED).serializer().serialize(Topics.USAGE_RATED.name(), event)).join();
    }
}
