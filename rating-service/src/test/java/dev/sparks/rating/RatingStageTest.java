package dev.sparks.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.deadletter.DeadLetter;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** usage.raw.v1 → usage.rated.v1 through the real broker, in Kafka transactions. */
@SpringBootTest
// Closed after the class: every test context's rating stage joins the consumer group "rating", and
// a cached context would go on taking partitions (and rating into its own database) for later classes.
@DirtiesContext
class RatingStageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating");
    }

    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;

    @Test
    void eachRawEventIsRatedOnceWithTheCardThatPricedIt() {
        String customer = "rated-" + UUID.randomUUID();
        RawUsageEvent tokens = TestEvents.raw(customer, "ai_tokens", "2500");
        RawUsageEvent storage = TestEvents.raw(customer, "storage_gb_months", "0.5");
        send(tokens);
        send(storage);

        List<RatedUsageEvent> rated = TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().equals(customer), 2, WAIT);

        assertThat(rated).extracting(RatedUsageEvent::getRawEventId).containsExactly(tokens.getEventId(), storage.getEventId());
        assertThat(rated.get(0).getSparks()).isEqualByComparingTo("250");
        assertThat(rated.get(0).getUsd()).isEqualByComparingTo("0.25");
        assertThat(rated.get(1).getSparks()).isEqualByComparingTo("250");
        assertThat(rated).extracting(RatedUsageEvent::getRateCardVersion).containsOnly("v1");
    }

    @Test
    void liveKitUsageIsPassedThroughAtTheProviderCostPlusTheShippedMarkup() {
        String customer = "livekit-" + UUID.randomUUID();
        RawUsageEvent egress = TestEvents.raw(customer, "livekit_egress_minutes", "10");
        egress.setProviderUnitCostUsd(new BigDecimal("0.012500000"));
        RawUsageEvent noCost = TestEvents.raw(customer, "livekit_agent_minutes", "10");
        send(egress);
        send(noCost);

        RatedUsageEvent rated = TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().equals(customer), 1, WAIT).getFirst();
        List<DeadLetter> letters = TopicReader.read(Topics.RATING_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);

        // 10 minutes x $0.0125 x 1.20 = $0.15 = 150 Sparks at $0.001
        assertThat(rated.getSparks()).isEqualByComparingTo("150");
        assertThat(rated.getUsd()).isEqualByComparingTo("0.15");
        assertThat(rated.getMarkupPercent()).isEqualByComparingTo("20");
        assertThat(rated.getRule()).isEqualTo("pass_through");
        assertThat(rated.getCategory()).isEqualTo("livekit");
        assertThat(letters).extracting(DeadLetter::getReason).singleElement().asString().contains("provider_unit_cost_usd");
    }

    @Test
    void unknownMetricIsDeadLetteredInTheTransactionAndLaterEventsStillFlow() {
        String customer = "unknown-metric-" + UUID.randomUUID();
        RawUsageEvent unknown = TestEvents.raw(customer, "gpu_hours", "3");
        RawUsageEvent after = TestEvents.raw(customer, "compute_minutes", "2");
        send(unknown);
        send(after);

        List<DeadLetter> letters = TopicReader.read(Topics.RATING_DEAD_LETTERS,
                letter -> customer.equals(letter.getCustomerId()), 1, WAIT);
        List<RatedUsageEvent> rated = TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().equals(customer), 1, WAIT);

        assertThat(letters).hasSize(1);
        assertThat(letters.getFirst().getReason()).contains("gpu_hours");
        assertThat(letters.getFirst().getOriginalEventId()).isEqualTo(unknown.getEventId());
        assertThat(serdes.valueSerde(Topics.USAGE_RAW).deserializer()
                .deserialize(Topics.USAGE_RAW.name(), letters.getFirst().getOriginalValue().array())).isEqualTo(unknown);
        assertThat(rated).extracting(RatedUsageEvent::getRawEventId).containsExactly(after.getEventId());
    }

    private void send(RawUsageEvent event) {
        kafka.send(Topics.USAGE_RAW.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event)).join();
    }
}
