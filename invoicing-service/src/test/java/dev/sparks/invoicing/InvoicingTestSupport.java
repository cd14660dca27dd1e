package dev.sparks.invoicing;

import static dev.sparks.invoicing.persistence.jooq.Tables.INGESTED_USAGE;
import static dev.sparks.invoicing.persistence.jooq.Tables.RATED_USAGE;
import static dev.sparks.invoicing.persistence.jooq.Tables.SUBSCRIPTION_SNAPSHOT;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.invoicing.period.PeriodCloser;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.MutableClock;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.subscription.BillingInterval;
import dev.sparks.schemas.subscription.SubscriptionState;
import dev.sparks.schemas.subscription.SubscriptionStateChanged;
import dev.sparks.schemas.topic.Topic;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.schemas.usage.RawUsageEvent;
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
import java.util.function.BooleanSupplier;
import org.apache.avro.specific.SpecificRecord;
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
 * Invoicing as deployed, over real HTTP, with a real broker and database, a local Auth0 stand-in
 * and a clock the tests set. All integration tests share this one application context (so no
 * second context competes for the same Kafka consumer groups); each test uses customers of its own.
 * The close scheduler is off: tests close periods themselves.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sparks.invoicing.close-interval=0",
        "sparks.platform.auth.audience=" + InvoicingTestSupport.AUDIENCE})
@Import(InvoicingTestSupport.TestClock.class)
public abstract class InvoicingTestSupport {

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
        EmbeddedInfrastructure.register(registry, "invoicing");
        registry.add("sparks.platform.auth.issuer", ISSUER::issuer);
    }

    @LocalServerPort protected int port;
    @Autowired protected DSLContext db;
    @Autowired protected KafkaTemplate<String, byte[]> kafka;
    @Autowired protected SerdeFactory serdes;
    @Autowired protected PeriodCloser closer;

    private final HttpClient http = HttpClient.newHttpClient();

    public record Response(int status, JsonNode body, String raw, byte[] bytes, String contentType) {}

    protected static String newCustomer(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static Instant at(String instant) {
        return Instant.parse(instant);
    }

    // ---- Kafka input -------------------------------------------------------------------------

    protected <V extends SpecificRecord> void send(Topic<String, V> topic, String key, V value) {
        kafka.send(topic.name(), key, serdes.valueSerde(topic).serializer().serialize(topic.name(), value)).join();
    }

    /** A rated event (and its raw event, so reconciliation sees both), and waits until invoicing has both. */
    protected RatedUsageEvent usage(String customerId, String metric, String category, String quantity, String sparks,
            Instant occurredAt) {
        return usage(customerId, metric, category, quantity, sparks, occurredAt, DEFAULT_USD_PER_SPARK);
    }

    /** The same, rated by a card whose Spark is worth {@code usdPerSpark}: the event carries its dollars at that rate. */
    protected RatedUsageEvent usage(String customerId, String metric, String category, String quantity, String sparks,
            Instant occurredAt, String usdPerSpark) {
        String rawId = UUID.randomUUID().toString();
        RawUsageEvent raw = RawUsageEvent.newBuilder()
                .setEventId(rawId).setOccurredAt(occurredAt).setCustomerId(customerId).setProducer("test")
                .setSource("api").setMetric(metric).setQuantity(new BigDecimal(quantity).setScale(9))
                .setIngestedAt(occurredAt).setProperties(Map.of()).build();
        RatedUsageEvent rated = rated(customerId, rawId, metric, category, quantity, sparks, occurredAt, RatedUsageKind.ORIGINAL, null);
        rated.setUsd(new BigDecimal(sparks).multiply(new BigDecimal(usdPerSpark)).setScale(9));
        send(Topics.USAGE_RAW, customerId, raw);
        send(Topics.USAGE_RATED, customerId, rated);
        awaitRated(rated.getEventId());
        await(() -> db.fetchExists(INGESTED_USAGE, INGESTED_USAGE.EVENT_ID.eq(rawId)), "raw event " + rawId);
        return rated;
    }

    protected RatedUsageEvent correction(RatedUsageEvent original, String sparksDelta) {
        RatedUsageEvent correction = rated(original.getCustomerId(), original.getRawEventId(), original.getMetric(),
                original.getCategory(), "0", sparksDelta, original.getOccurredAt(), RatedUsageKind.CORRECTION,
                original.getEventId());
        send(Topics.USAGE_RATED, original.getCustomerId(), correction);
        awaitRated(correction.getEventId());
        return correction;
    }

    protected static RatedUsageEvent rated(String customerId, String rawId, String metric, String category, String quantity,
            String sparks, Instant occurredAt, RatedUsageKind kind, String corrects) {
        return RatedUsageEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(occurredAt)
                .setCustomerId(customerId)
                .setProducer("test")
                .setRawEventId(rawId)
                .setMetric(metric)
                .setCategory(category)
                .setQuantity(new BigDecimal(quantity).setScale(9))
                .setUnit("unit")
                .setUnitPriceSparks(BigDecimal.ONE.setScale(9))
                .setSparks(new BigDecimal(sparks).setScale(6))
                .setUsd(new BigDecimal(sparks).movePointLeft(3).setScale(9))
                .setRateCardVersion("test")
                .setRule("per_unit")
                .setKind(kind)
                .setCorrectsEventId(corrects)
                .build();
    }

    protected static final String DEFAULT_USD_PER_SPARK = "0.001";

    protected void awaitRated(String eventId) {
        await(() -> db.fetchExists(RATED_USAGE, RATED_USAGE.EVENT_ID.eq(eventId)), "rated event " + eventId);
    }

    /** A subscription record as subscription-service publishes it (v3), and waits until invoicing has it. */
    protected SubscriptionStateChanged subscription(String customerId, String plan, String state, long monthlyPriceMinor,
            String includedSparks, boolean overageBilled, boolean annual, Instant effectiveAt, String transition) {
        return subscription(customerId, plan, state, monthlyPriceMinor, includedSparks, overageBilled, annual, effectiveAt,
                transition, null);
    }

    /** {@code anchor}: the instant anniversary periods are counted from; null for calendar months. */
    protected SubscriptionStateChanged subscription(String customerId, String plan, String state, long monthlyPriceMinor,
            String includedSparks, boolean overageBilled, boolean annual, Instant effectiveAt, String transition,
            Instant anchor) {
        SubscriptionStateChanged record = SubscriptionStateChanged.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(effectiveAt)
                .setCustomerId(customerId)
                .setProducer("test")
                .setPlan(plan)
                .setStatus(state)
                .setState(SubscriptionState.valueOf(state.toUpperCase()))
                .setIncludedSparks(new BigDecimal(includedSparks).setScale(6))
                .setEmail(customerId + "@example.com")
                .setDisplayName("Customer " + customerId)
                .setBillingInterval(annual ? BillingInterval.ANNUAL : BillingInterval.MONTHLY)
                .setTransition(transition)
                .setMonthlyPriceMinor(monthlyPriceMinor)
                .setAnnualDiscountPercent(new BigDecimal("15.0000"))
                .setCurrency("USD")
                .setOverageBilled(overageBilled)
                .setAuthSubject("auth0|" + customerId)
                .setBillingAnchor(anchor)
                .build();
        send(Topics.SUBSCRIPTION_STATE, customerId, record);
        await(() -> db.fetchExists(SUBSCRIPTION_SNAPSHOT, SUBSCRIPTION_SNAPSHOT.EVENT_ID.eq(record.getEventId())),
                "subscription record " + record.getEventId());
        return record;
    }

    protected static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    // ---- HTTP --------------------------------------------------------------------------------

    protected static String customerToken(String customerId) {
        Map<String, Object> claims = new HashMap<>(ISSUER.claims("auth0|" + customerId, AUDIENCE, CLOCK.instant(),
                Duration.ofHours(1)));
        return ISSUER.sign(claims);
    }

    protected static String adminKey() {
        return EmbeddedInfrastructure.API_KEY;
    }

    protected Response admin(String method, String path, String json) {
        return call(method, path, adminKey(), json);
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
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            String raw = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            JsonNode body = contentType.contains("json") && !raw.isBlank() ? JSON.readTree(raw) : JSON.nullNode();
            return new Response(response.statusCode(), body, raw, response.body(), contentType);
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    /** The customer's invoices, newest period first. */
    protected List<JsonNode> invoicesOf(String customerId) {
        Response response = admin("GET", "/v1/invoices?customer_id=" + customerId, null);
        return response.body().valueStream().toList();
    }

    protected JsonNode invoice(String invoiceId) {
        return admin("GET", "/v1/invoices/" + invoiceId, null).body();
    }

    protected static long sumOfLines(JsonNode invoice) {
        return invoice.get("lines").valueStream().mapToLong(line -> line.get("amount_minor").asLong()).sum();
    }

    protected static List<JsonNode> linesIn(JsonNode invoice, String section) {
        return invoice.get("lines").valueStream().filter(line -> line.get("section").asString().equals(section)).toList();
    }
}
