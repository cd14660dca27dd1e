package dev.sparks.rating;

import static dev.sparks.platform.persistence.jooq.Tables.OUTBOX_EVENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.rating.rerate.RerateReport;
import dev.sparks.rating.rerate.RerateRequest;
import dev.sparks.rating.rerate.Rerater;
import dev.sparks.rating.web.Http;
import dev.sparks.schemas.serde.SerdeFactory;
import dev.sparks.schemas.topic.Topics;
import dev.sparks.schemas.usage.RatedUsageEvent;
import dev.sparks.schemas.usage.RatedUsageKind;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two re-rates of the same events started together (two admins, or a retry while the first is
 * still running): whatever the interleaving, the original plus every correction emitted is
 * exactly the target card's price, never a delta counted twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: its rating stage joins the consumer group "rating" (see RerateRedrivePreviewTest).
@DirtiesContext
class ConcurrentRerateTest {

    private static final int EVENTS = 300;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating_concurrent_rerate");
    }

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;
    @Autowired Rerater rerater;
    @Autowired DSLContext db;

    private final Instant lastMonthStart = YearMonth.now(Clock.systemUTC()).minusMonths(1).atDay(1).atStartOfDay()
            .toInstant(ZoneOffset.UTC);

    @Test
    void racingReratesOfTheSameEventsAddUpToTheTargetPriceExactly() throws Exception {
        // Given events rated with v1 (100 Sparks per 1,000 tokens) and v2 (120) published over them
        String customer = "raced-" + UUID.randomUUID();
        List<RawUsageEvent> events = IntStream.range(0, EVENTS).mapToObj(i -> TestEvents.raw(UUID.randomUUID().toString(),
                customer, "ai_tokens", String.valueOf(1_000 + i), lastMonthStart.plusSeconds(60L * i))).toList();
        events.forEach(this::send);
        List<RatedUsageEvent> originals = TopicReader.read(Topics.USAGE_RATED, e -> e.getCustomerId().equals(customer),
                EVENTS, Duration.ofSeconds(60));
        assertThat(originals).hasSize(EVENTS);
        Http http = new Http(port);
        Http.Response draft = http.post("/v1/admin/rate-cards", """
                {"version":"v2","effective_from":"%s","metrics":%s}""".formatted(lastMonthStart, TestCards.metrics("120", true, false)));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        assertThat(http.post("/v1/admin/rate-cards/v2/publish", "").status()).isEqualTo(200);

        // When two re-rates of those events to v2 run at once
        RerateRequest request = new RerateRequest(customer, lastMonthStart, lastMonthStart.plus(Duration.ofDays(1)), "v2");
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RerateReport>> runs = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                runs.add(threads.submit(() -> {
                    start.await();
                    return rerater.rerate(request);
                }));
            }
            start.countDown();
        }

        // Then each event was corrected once, and originals plus corrections are the v2 price
        long corrected = 0;
        for (Future<RerateReport> run : runs) {
            corrected += run.get().corrected();
        }
        assertThat(corrected).isEqualTo(EVENTS);
        BigDecimal v2Price = events.stream().map(e -> e.getQuantity().multiply(new BigDecimal("0.12")))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal billed = originals.stream().map(RatedUsageEvent::getSparks).reduce(BigDecimal.ZERO, BigDecimal::add)
                .add(corrections(customer).stream().map(RatedUsageEvent::getSparks).reduce(BigDecimal.ZERO, BigDecimal::add));
        assertThat(billed).isEqualByComparingTo(v2Price);
    }

    /** Every correction the re-rates committed, read from the outbox they were written to. */
    private List<RatedUsageEvent> corrections(String customer) {
        var deserializer = serdes.valueSerde(Topics.USAGE_RATED).deserializer();
        return db.select(OUTBOX_EVENT.PAYLOAD).from(OUTBOX_EVENT)
                .where(OUTBOX_EVENT.TOPIC.eq(Topics.USAGE_RATED.name()), OUTBOX_EVENT.MESSAGE_KEY.eq(customer))
                .fetch(row -> deserializer.deserialize(Topics.USAGE_RATED.name(), row.value1())).stream()
                .filter(e -> e.getKind() == RatedUsageKind.CORRECTION).toList();
    }

    private void send(RawUsageEvent event) {
        kafka.send(Topics.USAGE_RAW.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event)).join();
    }
}
