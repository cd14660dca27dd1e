package dev.sparks.rating;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.platform.testing.EmbeddedInfrastructure;
import dev.sparks.platform.testing.TestEvents;
import dev.sparks.platform.testing.TopicReader;
import dev.sparks.rating.web.Http;
import dev.sparks.schemas.deadletter.DeadLetter;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A price change told after the fact: last month's usage was rated with v1, v2 (tokens at 120
 * instead of 100 Sparks per 1,000, and a new metric) is published from the start of last month,
 * the month is re-rated, the dead-lettered events of the new metric are re-driven, and the price
 * preview sees the customer's month so far.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: every test context's rating stage joins the consumer group "rating", and
// a cached context would go on taking partitions (and rating into its own database) for later classes.
@DirtiesContext
class RerateRedrivePreviewTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        EmbeddedInfrastructure.register(registry, "rating_rerate");
    }

    @LocalServerPort int port;
    @Autowired KafkaTemplate<String, byte[]> kafka;
    @Autowired SerdeFactory serdes;

    private final YearMonth thisMonth = YearMonth.now(Clock.systemUTC());
    private final Instant lastMonthStart = thisMonth.minusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    private final Instant thisMonthStart = thisMonth.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);

    @Test
    void rerateEmitsExactDeltasOnceRedriveRatesTheFixedEventsAndPreviewSeesTheMonth() {
        String customer = "rerated-" + UUID.randomUUID();
        String neighbour = "neighbour-" + UUID.randomUUID();
        List<RawUsageEvent> lastMonth = List.of(
                event(customer, "ai_tokens", "2500", lastMonthStart.plusSeconds(3_600)),
                event(customer, "ai_tokens", "1", lastMonthStart.plusSeconds(7_200)),
                event(customer, "compute_minutes", "3", lastMonthStart.plusSeconds(10_800)));
        RawUsageEvent neighbours = event(neighbour, "ai_tokens", "1000", lastMonthStart.plusSeconds(3_600));
        RawUsageEvent thisMonthTokens = event(customer, "ai_tokens", "40000", thisMonthStart.plusSeconds(1));
        RawUsageEvent gpu = event(customer, "gpu_hours", "2", lastMonthStart.plusSeconds(14_400));
        lastMonth.forEach(this::send);
        send(neighbours);
        send(thisMonthTokens);
        send(gpu);
        Map<String, RatedUsageEvent> originals = TopicReader.read(Topics.USAGE_RATED,
                e -> e.getCustomerId().equals(customer) || e.getCustomerId().equals(neighbour), 5, WAIT).stream()
                .collect(Collectors.toMap(RatedUsageEvent::getRawEventId, Function.identity()));
        assertThat(originals).hasSize(5);
        assertThat(TopicReader.read(Topics.RATING_DEAD_LETTERS, l -> gpu.getEventId().equals(l.getOriginalEventId()), 1, WAIT))
                .extracting(DeadLetter::getReason).singleElement().asString().contains("gpu_hours");

        Http.Response draft = http().post("/v1/admin/rate-cards", v2(lastMonthStart));
        assertThat(draft.status()).as(draft.body()).isEqualTo(201);
        assertThat(http().post("/v1/admin/rate-cards/v2/publish", "").status()).isEqualTo(200);

        String rerate = """
                {"customer_id":"%s","from":"%s","to":"%s","target_version":"v2"}""".formatted(customer, lastMonthStart, thisMonthStart);
        Http.Response first = http().post("/v1/admin/rerate", rerate);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("examined").asLong()).isEqualTo(3);
        assertThat(first.json().get("corrected").asLong()).isEqualTo(2);
        assertThat(first.json().get("unchanged").asLong()).isEqualTo(1);
        List<RatedUsageEvent> corrections = TopicReader.read(Topics.USAGE_RATED,
                e -> e.getCustomerId().equals(customer) && e.getKind() == RatedUsageKind.CORRECTION, 2, WAIT);
        assertThat(corrections).hasSize(2);
        RatedUsageEvent tokens = originals.get(lastMonth.get(0).getEventId());
        RatedUsageEvent oneToken = originals.get(lastMonth.get(1).getEventId());
        assertThat(correctionOf(corrections, tokens).getSparks()).isEqualByComparingTo("50");
        assertThat(correctionOf(corrections, oneToken).getSparks()).isEqualByComparingTo("0.02");
        assertThat(correctionOf(corrections, tokens).getRateCardVersion()).isEqualTo("v2");
        assertThat(correctionOf(corrections, tokens).getQuantity()).isEqualByComparingTo("0");
        // the original plus its correction is exactly the v2 price: 2,500 tokens x 0.12 = 300
        assertThat(tokens.getSparks().add(correctionOf(corrections, tokens).getSparks())).isEqualByComparingTo("300");

        Http.Response again = http().post("/v1/admin/rerate", rerate);
        assertThat(again.json().get("corrected").asLong()).isZero();
        assertThat(again.json().get("already_at_target").asLong()).isEqualTo(3);
        assertThat(TopicReader.read(Topics.USAGE_RATED, e -> e.getKind() == RatedUsageKind.CORRECTION
                && (e.getCustomerId().equals(customer) || e.getCustomerId().equals(neighbour)), 3, Duration.ofSeconds(5)))
                .as("no second correction, none for the neighbour or for this month").hasSize(2);

        Http.Response redrive = http().post("/v1/admin/dead-letters/redrive", "");
        assertThat(redrive.status()).as(redrive.body()).isEqualTo(200);
        // the dead-letter topic is shared with other test classes on this broker: count at least ours
        assertThat(redrive.json().get("redriven").asLong()).isGreaterThanOrEqualTo(1);
        RatedUsageEvent gpuRated = TopicReader.read(Topics.USAGE_RATED, e -> e.getRawEventId().equals(gpu.getEventId()), 1, WAIT)
                .getFirst();
        assertThat(gpuRated.getSparks()).isEqualByComparingTo("6000");
        assertThat(gpuRated.getRateCardVersion()).isEqualTo("v2");
        Http.Response redriveAgain = http().post("/v1/admin/dead-letters/redrive", "");
        assertThat(redriveAgain.json().get("redriven").asLong()).isZero();
        assertThat(redriveAgain.json().get("already_redriven").asLong()).isEqualTo(redrive.json().get("redriven").asLong());

        // a client retry of a re-rated event, after v2: re-emitted as first rated, so downstream drops it
        send(lastMonth.get(0));
        List<RatedUsageEvent> twice = TopicReader.read(Topics.USAGE_RATED,
                e -> e.getRawEventId().equals(lastMonth.get(0).getEventId()) && e.getKind() == RatedUsageKind.ORIGINAL, 2, WAIT);
        assertThat(twice).hasSize(2);
        assertThat(twice.get(1)).isEqualTo(twice.get(0));
        assertThat(twice.get(1).getRateCardVersion()).isEqualTo("v1");

        // this month so far: 40,000 tokens rated under v1 before v2 existed, outside the re-rated
        // range, so still 4,000 Sparks; 60,000 more tokens under v2 (the card now) = 7,200 Sparks
        // make 11,200: 5% off the 1,200 above 10,000 = 60
        Http.Response preview = http().post("/v1/prices/preview", """
                {"customer_id":"%s","items":[{"metric":"ai_tokens","quantity":60000}]}""".formatted(customer));
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        assertThat(preview.json().get("month_to_date_sparks").decimalValue()).isEqualByComparingTo("4000");
        assertThat(preview.json().get("subtotal_sparks").decimalValue()).isEqualByComparingTo("7200");
        assertThat(preview.json().get("discount_sparks").decimalValue()).isEqualByComparingTo("60");
        assertThat(preview.json().get("total_sparks").decimalValue()).isEqualByComparingTo("7140");
        assertThat(preview.json().get("total_usd").decimalValue()).isEqualByComparingTo("7.14");
        assertThat(http().post("/v1/prices/preview", "{\"plan\":\"free\",\"items\":[{\"metric\":\"warp_drive\",\"quantity\":1}]}")
                .json().get("field").asString()).isEqualTo("items[0]");
    }

    private static RatedUsageEvent correctionOf(List<RatedUsageEvent> corrections, RatedUsageEvent original) {
        return corrections.stream().filter(c -> c.getCorrectsEventId().equals(original.getEventId())).findFirst().orElseThrow();
    }

    private static String v2(Instant from) {
        return """
                {"version":"v2","effective_from":"%s",
                 "metrics":%s,
                 "volume_discount":{"threshold_sparks":10000,"percent":5}}
                """.formatted(from, TestCards.metrics("120", true, true));
    }

    private static RawUsageEvent event(String customer, String metric, String quantity, Instant at) {
        return TestEvents.raw(UUID.randomUUID().toString(), customer, metric, quantity, at);
    }

    private void send(RawUsageEvent event) {
        kafka.send(Topics.USAGE_RAW.name(), event.getCustomerId(),
                serdes.valueSerde(Topics.USAGE_RAW).serializer().serialize(Topics.USAGE_RAW.name(), event)).join();
    }

    private Http http() {
        return new Http(port);
    }
}
