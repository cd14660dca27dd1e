package dev.sparks.subscription;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.MutableClock;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.subscription.SubscriptionNotice;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service as deployed, over real HTTP, with a real broker and database, a local Auth0
 * stand-in issuing RS256 tokens, and a clock the tests move. The scheduler does not tick by
 * itself here: tests call {@code Scheduler.runOnce()} after moving the clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sparks.subscription.scheduler-interval=0",
        "sparks.platform.auth.audience=" + ServiceTestSupport.AUDIENCE})
@Import(ServiceTestSupport.TestClock.class)
public abstract class ServiceTestSupport {

    public static final String AUDIENCE = "https://api.sparks.test";
    protected static final EmbeddedIssuer ISSUER = EmbeddedIssuer.start(0);
    protected static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-10-15T12:00:00Z"));
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @TestConfiguration(proxyBeanMethods = false)
    static class TestClock {
        @Bean
        Clock clock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "subscription");
        registry.add("sparks.platform.auth.issuer", ISSUER::issuer);
    }

    @LocalServerPort protected int port;
    @Autowired protected DSLContext db;
    @Autowired protected KafkaTemplate<String, byte[]> kafka;
    @Autowired protected SerdeFactory serdes;

    private final HttpClient http = HttpClient.newHttpClient();

    public record Response(int status, JsonNode body) {}

    protected static Instant instant(JsonNode timestamp) {
        return java.time.OffsetDateTime.parse(timestamp.asString()).toInstant();
    }

    protected static String newCustomerId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An Auth0-shaped access token for a signed-in user, valid from the test clock's now. */
    protected static String customerToken(String subject, String customerId) {
        Map<String, Object> claims = new HashMap<>(ISSUER.claims(subject, AUDIENCE, CLOCK.instant(), Duration.ofHours(1)));
        if (customerId != null) {
            claims.put("https://sparks.dev/customer_id", customerId);
        }
        return ISSUER.sign(claims);
    }

    protected static String adminToken() {
        Map<String, Object> claims = new HashMap<>(ISSUER.claims("auth0|operator", AUDIENCE, CLOCK.instant(), Duration.ofHours(1)));
        claims.put("permissions", List.of("sparks:admin"));
        return ISSUER.sign(claims);
    }

    protected static String apiKey() {
        return EmbeddedInfrastructure.API_KEY;
    }

    protected Response call(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(),
                    response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body()));
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    protected Response admin(String method, String path, String json) {
        return call(method, path, apiKey(), json);
    }

    protected void sendRated(RatedUsageEvent event) {
        kafka.send(Topics.USAGE_RATED.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RATED).serializer().serialize(Topics.USAGE_RATED.name(), event)).join();
    }

    protected static RatedUsageEvent rated(String customerId, String metric, String quantity, String sparks, Instant at) {
        return RatedUsageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(at)
                .setCustomerId(customerId)
                .setProducer("test")
                .setRawEventId(UUID.randomUUID().toString())
                .setMetric(metric)
                .setCategory(metric)
                .setQuantity(new BigDecimal(quantity).setScale(9))
                .setUnit("unit")
                .setUnitPriceSparks(BigDecimal.ONE.setScale(9))
                .setSparks(new BigDecimal(sparks).setScale(6))
                .setUsd(new BigDecimal(sparks).movePointLeft(3).setScale(9))
                .setRateCardVersion("test")
                .setRule("per_unit")
                .build();
    }

    /** What the service appended for publication on subscription.notices.v1 (committed outbox rows). */
    protected List<SubscriptionNotice> notices(String customerId) {
        var deserializer = serdes.valueSerde(Topics.SUBSCRIPTION_NOTICES).deserializer();
        return db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.SUBSCRIPTION_NOTICES.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customerId))
                .orderBy(OUTBOX_EVENT.ID)
                .fetch(row -> deserializer.deserialize(Topics.SUBSCRIPTION_NOTICES.name(), row.value1()));
    }

    protected List<SubscriptionStateChanged> states(String customerId) {
        var deserializer = serdes.valueSerde(Topics.SUBSCRIPTION_STATE).deserializer();
        return db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.SUBSCRIPTION_STATE.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customerId))
                .orderBy(OUTBOX_EVENT.ID)
                .fetch(row -> deserializer.deserialize(Topics.SUBSCRIPTION_STATE.name(), row.value1()));
    }
}
