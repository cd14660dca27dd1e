package dev.sparks.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sparks.ingest.usage.InvalidUsageException;
import dev.sparks.ingest.usage.UsageEventParser;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageEventParserTest {

    private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";
    private final UsageEventParser parser = new UsageEventParser(3, "usage-ingest-service",
            Clock.fixed(Instant.parse("2026-11-01T00:00:00Z"), ZoneOffset.UTC), Duration.ofDays(35), Duration.ofMinutes(5));

    @Test
    void readsOneEventWithExactDecimalQuantity() {
        RawUsageEvent event = parser.parse(event("\"quantity\": 0.123456").replace("ai_tokens", "storage_gb_months"))
                .getFirst();

        assertThat(event.getQuantity().toPlainString()).isEqualTo("0.123456000");
        assertThat(event.getCustomerId()).isEqualTo("acme");
        assertThat(event.getOccurredAt()).isEqualTo(Instant.parse("2026-10-05T10:00:00Z"));
    }

    @Test
    void readsABatchAndKeepsOrder() {
        List<RawUsageEvent> events = parser.parse("{\"events\":[" + event("\"quantity\": 1") + ","
                + event("\"quantity\": \"2.5\"").replace(ID, "1f8fad5b-d9cb-469f-a165-70867728950e")
                        .replace("ai_tokens", "compute_minutes") + "]}");

        assertThat(events).extracting(e -> e.getQuantity().toPlainString()).containsExactly("1.000000000", "2.500000000");
        assertThat(events).allSatisfy(e -> assertThat(e.getProducer()).isEqualTo("usage-ingest-service"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "\"quantity\": -1                     | quantity",
            "\"quantity\": \"ten\"                | quantity",
            "\"quantity\": 1.5                    | quantity",
            "\"quantity\": true                   | quantity",
            "\"quantity\": 1, \"colour\": \"red\" | colour",
            "\"quantity\": 1, \"properties\": {\"colour\": \"red\"} | properties.colour",
            "\"quantity\": 1, \"properties\": {\"source_app\": \"someone-else\"} | properties.source_app",
            "\"quantity\": 1, \"properties\": {\"model\": 4} | properties.model",
    })
    void refusesBadFieldsNamingThem(String fields, String field) {
        assertThatThrownBy(() -> parser.parse(event(fields)))
                .isInstanceOfSatisfying(InvalidUsageException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void takesMetricsScaleAndPropertiesFromTheRegistry() {
        RawUsageEvent tokens = parser.parse(event("\"quantity\": 1200, \"properties\": {\"model\": \"gpt-4o\", "
                + "\"token_type\": \"input\", \"cost_center\": \"sales\"}"), "support-bot").getFirst();

        assertThat(tokens.getProperties()).containsEntry("model", "gpt-4o").containsEntry("cost_center", "sales")
                .containsEntry("source_app", "support-bot");
        assertField(event("\"quantity\": 1").replace("ai_tokens", "gpu_hours"), "metric");
        assertField(event("\"quantity\": 1.0005").replace("ai_tokens", "compute_minutes"), "quantity");
        assertThat(parser.parse(event("\"quantity\": 1.005").replace("ai_tokens", "compute_minutes"))).hasSize(1);
    }

    @Test
    void acceptsTimestampsFromThirtyFiveDaysAgoToFiveMinutesAhead() {
        assertThat(parser.parse(event("\"quantity\": 1").replace("2026-10-05T10:00:00Z", "2026-09-27T00:00:00Z"))).hasSize(1);
        assertThat(parser.parse(event("\"quantity\": 1").replace("2026-10-05T10:00:00Z", "2026-11-01T00:05:00Z"))).hasSize(1);
        assertField(event("\"quantity\": 1").replace("2026-10-05T10:00:00Z", "2026-09-26T23:59:59Z"), "occurred_at");
        assertField(event("\"quantity\": 1").replace("2026-10-05T10:00:00Z", "2026-11-01T00:05:01Z"), "occurred_at");
    }

    @Test
    void refusesMissingFieldsAndBadTimestampsAndIds() {
        assertField("{\"customer_id\":\"c\",\"metric\":\"ai_tokens\",\"quantity\":1,\"occurred_at\":\"2026-10-01T00:00:00Z\"}", "event_id");
        assertField(event("\"quantity\": 1").replace("2026-10-05T10:00:00Z", "yesterday"), "occurred_at");
        assertField(event("\"quantity\": 1").replace(ID, "not-a-uuid"), "event_id");
        assertField(event("\"quantity\": 1").replace("\"ai_tokens\"", "\"AI Tokens\""), "metric");
    }

    @Test
    void refusesMalformedJsonAndOversizedOrEmptyBatches() {
        assertField("{\"events\": [", "body");
        assertField("[1,2]", "body");
        assertField("{\"events\": []}", "events");
        String one = event("\"quantity\": 1");
        assertField("{\"events\":[" + String.join(",", one, one, one, one) + "]}", "events");
        assertField("{\"events\":[" + one + ", 7]}", "events[1]");
        assertField("{\"events\":[" + event("\"quantity\": -2") + "]}", "events[0].quantity");
    }

    private void assertField(String body, String field) {
        assertThatThrownBy(() -> parser.parse(body))
                .isInstanceOfSatisfying(InvalidUsageException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static String event(String quantityAndMore) {
        return "{\"event_id\":\"" + ID + "\",\"customer_id\":\"acme\",\"metric\":\"ai_tokens\","
                + quantityAndMore + ",\"occurred_at\":\"2026-10-05T10:00:00Z\"}";
    }
}
