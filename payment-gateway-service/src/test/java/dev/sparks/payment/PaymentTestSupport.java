package dev.sparks.payment;

import static dev.sparks.payment.persistence.jooq.Tables.PAYMENT_REQUEST;
import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_CUSTOMER;
import static dev.sparks.payment.persistence.jooq.Tables.STRIPE_WEBHOOK_EVENT;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.sparks.embedded.EmbeddedIssuer;
import dev.sparks.embedded.stripe.StripeStandIn;
import dev.sparks.payment.persistence.jooq.tables.records.PaymentRequestRecord;
import dev.sparks.platform.testing.Await;
import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.MutableClock;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.schemas.invoice.InvoiceEvent;
import dev.sparks.schemas.invoice.InvoiceEventType;
import dev.sparks.schemas.payment.PaymentEvent;
import dev.sparks.schemas.payment.PaymentEventType;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
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
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
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
 * payment-gateway-service as deployed, over real HTTP, with a real broker and database, the Auth0
 * stand-in and the Stripe stand-in (a real HTTP server that production code reaches only through
 * stripe-java). Both stand-ins and the service read one clock the tests set, so webhook timestamps
 * are judged on the same time they are signed with. One application context for every test class;
 * each test uses customers of its own. The charge worker and webhook processor poll quickly; the
 * janitor runs only when a test calls it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "sparks.payment.secret-key=" + PaymentTestSupport.STRIPE_KEY,
        "sparks.payment.webhook-secrets=whsec_old_rotated_out," + PaymentTestSupport.WEBHOOK_SECRET,
        "sparks.payment.charge-interval=50ms",
        "sparks.payment.webhook-interval=50ms",
        "sparks.payment.janitor-interval=0",
        "sparks.payment.janitor-after=10m",
        "sparks.payment.read-timeout=1s",
        "sparks.payment.retry.initial-backoff=20ms",
        "sparks.payment.retry.attempt-backoff=300ms",
        // Test classes share the service's breaker; its faults would add up across tests and open it.
        // StripeCallsTest opens a breaker of its own.
        "sparks.payment.breaker.failure-rate-percent=95",
        "sparks.platform.auth.audience=" + PaymentTestSupport.AUDIENCE})
@Import(PaymentTestSupport.TestClock.class)
public abstract class PaymentTestSupport {

    public static final String STRIPE_KEY = "sk_test_sparks";
    public static final String WEBHOOK_SECRET = "whsec_sparks_test";
    public static final String AUDIENCE = "https://api.sparks.test";
    protected static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-01T00:30:00Z"));
    protected static final EmbeddedIssuer ISSUER = EmbeddedIssuer.start(0);
    protected static final StripeStandIn STRIPE = StripeStandIn.start(0, STRIPE_KEY, CLOCK);
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
        EmbeddedInfrastructure.register(registry, "payment");
        registry.add("sparks.platform.auth.issuer", ISSUER::issuer);
        registry.add("sparks.payment.api-base", STRIPE::apiBase);
    }

    @LocalServerPort protected int port;
    @Autowired protected DSLContext db;
    @Autowired protected KafkaTemplate<String, byte[]> kafka;
    @Autowired protected SerdeFactory serdes;

    // The platform's outbox table is not generated into this service's jOOQ classes.
    private static final org.jooq.Table<?> OUTBOX = table(name("outbox_event"));
    private static final OutboxColumns OUTBOX_EVENT = new OutboxColumns();

    private static final class OutboxColumns {
        final org.jooq.Field<Long> ID = field(name("id"), Long.class);
        final org.jooq.Field<String> TOPIC = field(name("topic"), String.class);
        final org.jooq.Field<String> MESSAGE_KEY = field(name("message_key"), String.class);
        final org.jooq.Field<byte[]> PAYLOAD = field(name("payload"), byte[].class);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    public record Response(int status, JsonNode body, String contentType) {}

    @BeforeEach
    void pointStripeWebhooksHere() {
        STRIPE.webhooks().endpoint(webhookUrl(), WEBHOOK_SECRET);
        STRIPE.webhooks().duplicateEach(false);
        STRIPE.settleAsynchronously(false);
    }

    protected URI webhookUrl() {
        return URI.create("http://127.0.0.1:" + port + "/stripe/webhook");
    }

    protected static String newCustomer(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    // ---- Given -------------------------------------------------------------------------------

    /** The customer saves {@code testCard} through Checkout (setup mode), as on Stripe's hosted page. */
    protected void customerSavesCard(String customerId, String testCard) {
        Response checkout = post("/api/billing/payment-method", customerToken(customerId));
        if (checkout.status() != 200) {
            throw new AssertionError("payment-method answered " + checkout);
        }
        STRIPE.completeCheckout(checkout.body().get("checkout_session_id").asString(), testCard);
        await(() -> db.fetchExists(STRIPE_CUSTOMER, STRIPE_CUSTOMER.CUSTOMER_ID.eq(customerId)
                .and(STRIPE_CUSTOMER.DEFAULT_PAYMENT_METHOD.isNotNull())), "a default card for " + customerId);
    }

    /** invoicing-service finalizes an invoice of {@code totalMinor} cents for {@code customerId}. */
    protected InvoiceEvent invoiceFinalized(String customerId, long totalMinor) {
        InvoiceEvent invoice = InvoiceEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(CLOCK.instant())
                .setCustomerId(customerId)
                .setProducer("invoicing-service")
                .setType(InvoiceEventType.FINALIZED)
                .setInvoiceId(UUID.randomUUID().toString())
                .setInvoiceNumber("SPK-" + customerId)
                .setPeriod("2026-10")
                .setCurrency("USD")
                .setTotalMinor(totalMinor)
                .setTotalSparks(new BigDecimal("1000.000000"))
                .setLines(List.of())
                .build();
        kafka.send(Topics.INVOICE_EVENTS.name(), customerId,
                serdes.valueSerde(Topics.INVOICE_EVENTS).serializer().serialize(Topics.INVOICE_EVENTS.name(), invoice)).join();
        return invoice;
    }

    // ---- Then --------------------------------------------------------------------------------

    protected PaymentRequestRecord payment(InvoiceEvent invoice) {
        return db.selectFrom(PAYMENT_REQUEST).where(PAYMENT_REQUEST.INVOICE_ID.eq(UUID.fromString(invoice.getInvoiceId())))
                .fetchOne();
    }

    protected PaymentRequestRecord awaitPayment(InvoiceEvent invoice, String status) {
        await(() -> {
            PaymentRequestRecord row = payment(invoice);
            return row != null && row.getStatus().equals(status);
        }, "payment of " + invoice.getInvoiceNumber() + " " + status);
        return payment(invoice);
    }

    protected static List<PaymentEvent> paymentEvents(InvoiceEvent invoice, PaymentEventType type, int expected) {
        return TopicReader.read(Topics.PAYMENT_EVENTS,
                event -> event.getInvoiceId().equals(invoice.getInvoiceId()) && event.getType() == type, expected,
                Duration.ofSeconds(expected == 0 ? 1 : 15));
    }

    /** What the service announced about {@code customerId}, from its outbox (every event, published or not). */
    protected List<PaymentEvent> announced(String customerId) {
        var deserializer = serdes.valueSerde(Topics.PAYMENT_EVENTS).deserializer();
        return db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.PAYMENT_EVENTS.name())).and(OUTBOX_EVENT.MESSAGE_KEY.eq(customerId))
                .orderBy(OUTBOX_EVENT.ID)
                .fetch(row -> deserializer.deserialize(Topics.PAYMENT_EVENTS.name(), row.value1()));
    }

    /** The types of what the service announced about the customer's payments (not about its payment method). */
    protected List<PaymentEventType> announcedTypes(String customerId) {
        return announced(customerId).stream().map(PaymentEvent::getType)
                .filter(type -> type != PaymentEventType.PAYMENT_METHOD_ATTACHED && type != PaymentEventType.PAYMENT_METHOD_REMOVED)
                .toList();
    }

    /** Every webhook Stripe has sent so far is stored and processed. */
    protected void awaitWebhooksSettled() {
        await(() -> {
            int before = STRIPE.webhooks().deliveries().size();
            sleep(150);
            return before == STRIPE.webhooks().deliveries().size()
                    && !db.fetchExists(STRIPE_WEBHOOK_EVENT, STRIPE_WEBHOOK_EVENT.PROCESSED_AT.isNull());
        }, "webhooks settled");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected static long stripeIntentsFor(InvoiceEvent invoice) {
        return STRIPE.paymentIntents().stream()
                .filter(intent -> invoice.getInvoiceId().equals(intent.getMetadata().get("invoice_id"))).count();
    }

    protected static void await(BooleanSupplier condition, String what) {
        Await.until(condition, what, Duration.ofSeconds(20));
    }

    // ---- HTTP --------------------------------------------------------------------------------

    protected static String customerToken(String customerId) {
        Map<String, Object> claims = new HashMap<>(ISSUER.claims("auth0|" + customerId, AUDIENCE, CLOCK.instant(),
                Duration.ofHours(1)));
        claims.put("https://sparks.dev/customer_id", customerId);
        return ISSUER.sign(claims);
    }

    protected Response post(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    protected Response get(String path, String bearer) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + bearer).GET().build());
    }

    /** A delivery to the webhook endpoint with whatever signature header a test forges. */
    protected Response webhook(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("Stripe-Signature", signature);
        }
        return send(request.build());
    }

    private Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            return new Response(response.statusCode(), raw == null || raw.isBlank() ? null : JSON.readTree(raw),
                    response.headers().firstValue("Content-Type").orElse(""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
