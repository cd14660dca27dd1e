package dev.sparks.rating;

import static dev.sparks.rating.persistence.jooq.Tables.CUSTOMER_PLAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.rating.web.Http;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Enterprise overrides by plan (from subscription.state.v1) and by customer; unseen customers on the default plan. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: every test context's rating stage joins the consumer group "rating", and
// a cached context would go on taking partitions (and rating into its own database) for later classes.
@DirtiesContext
class PlanOverridesTest {

    private static final Instant IN_2030 = Instant.parse("2030-06-15T10:00:00Z");

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating_plans");
    }

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;
    @Autowired DSLContext db;

    @Test
    void theCustomersPlanFromSubscriptionStatePicksTheOverrideAndUnseenCustomersPayTheCardPrice() {
        String enterprise = "enterprise-" + UUID.randomUUID();
        String vip = "vip-" + UUID.randomUUID();
        String unseen = "unseen-" + UUID.randomUUID();
        Http http = new Http(port);
        Http.Response draft = http.post("/v1/admin/rate-cards", card(vip));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        assertThat(http.post("/v1/admin/rate-cards/2030/publish", "").status()).isEqualTo(200);
        sendState(enterprise, "enterprise");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                db.fetchExists(CUSTOMER_PLAN, CUSTOMER_PLAN.CUSTOMER_ID.eq(enterprise)));

        RawUsageEvent ofEnterprise = send(enterprise);
        RawUsageEvent ofVip = send(vip);
        RawUsageEvent ofUnseen = send(unseen);

        Map<String, RatedUsageEvent> rated = TopicReader.read(Topics.USAGE_RATED, e -> e.getRateCardVersion().equals("2030")
                        && (e.getCustomerId().equals(enterprise) || e.getCustomerId().equals(vip) || e.getCustomerId().equals(unseen)),
                3, Duration.ofSeconds(30)).stream().collect(Collectors.toMap(RatedUsageEvent::getRawEventId, Function.identity()));
        assertThat(rated.get(ofEnterprise.getEventId()).getSparks()).isEqualByComparingTo("800");
        assertThat(rated.get(ofEnterprise.getEventId()).getRule()).isEqualTo("override[plan=enterprise]");
        assertThat(rated.get(ofVip.getEventId()).getSparks()).isEqualByComparingTo("500");
        assertThat(rated.get(ofVip.getEventId()).getRule()).isEqualTo("override[customer=" + vip + "]");
        assertThat(rated.get(ofUnseen.getEventId()).getSparks()).isEqualByComparingTo("1000");
        assertThat(rated.get(ofUnseen.getEventId()).getRule()).isEqualTo("per_unit");
    }

    private RawUsageEvent send(String customer) {
        RawUsageEvent event = TestEvents.raw(UUID.randomUUID().toString(), customer, "ai_tokens", "10000", IN_2030);
        kafka.send(Topics.USAGE_RAW.name(), customer,
                serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event)).join();
        return event;
    }

    private void sendState(String customer, String plan) {
        SubscriptionStateChanged state = SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setCustomerId(customer)
                .setProducer("test").setPlan(plan).setStatus("active").setIncludedSparks(new BigDecimal("0.000000"))
                .build();
        kafka.send(Topics.SUBSCRIPTION_STATE.name(), customer, serdes.valueSerde(Topics.SUBSCRIPTION_STATE).serializer()
                .serialize(Topics.SUBSCRIPTION_STATE.name(), state)).join();
    }

    private static String card(String vip) {
        return """
                {"version":"2030","effective_from":"2030-01-01T00:00:00Z",
                 "metrics":%s,
                 "overrides":[
                   {"plan":"enterprise","metric":"ai_tokens","sparks":80,"per":1000},
                   {"customer_id":"%s","metric":"ai_tokens","sparks":50,"per":1000}]}
                """.formatted(TestCards.metrics("100", true, false), vip);
    }
}
