package dev.sparks.ingest.langfuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sparks.schemas.metric.Metrics;
import dev.sparks.schemas.usage.RawUsageEvent;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ObservationConverterTest {

    private static final JsonMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private final ObservationConverter converter =
            new ObservationConverter("usage-ingest-service", Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));

    @Test
    void aGenerationBecomesOneEventPerTokenTypeWithDeterministicIds() {
        Conversion conversion = converter.convert(json("""
                {"id":"obs-1","traceId":"trace-1","type":"GENERATION","startTime":"2026-11-21T11:58:00.123Z",
                 "userId":"acme","providedModelName":"gpt-4o-mini",
                 "usageDetails":{"input":1200,"output":345,"total":1545},
                 "metadata":{"subscription_tier":"pro","usage_category":"chatbot","cost_center":"cc-7","ignored":"x"}}
                """), null, null);

        assertThat(conversion).isInstanceOf(Conversion.Converted.class);
        var events = ((Conversion.Converted) conversion).events();
        assertThat(events).extracting(RawUsageEvent::getQuantity)
                .containsExactly(new BigDecimal("1200.000000000"), new BigDecimal("345.000000000"));
        RawUsageEvent input = events.getFirst();
        assertThat(input.getEventId()).isEqualTo(ObservationConverter.eventId("obs-1", "input"));
        assertThat(input.getEventId()).isNotEqualTo(events.get(1).getEventId());
        assertThat(input.getCustomerId()).isEqualTo("acme");
        assertThat(input.getMetric()).isEqualTo(Metrics.AI_TOKENS.name());
        assertThat(input.getSource()).isEqualTo("langfuse");
        assertThat(input.getOccurredAt()).isEqualTo(Instant.parse("2026-11-21T11:58:00.123Z"));
        assertThat(input.getProperties()).containsEntry("model", "gpt-4o-mini").containsEntry("trace_id", "trace-1")
                .containsEntry("observation_id", "obs-1").containsEntry(Metrics.TOKEN_TYPE, "input")
                .containsEntry("subscription_tier", "pro").containsEntry("usage_category", "chatbot")
                .containsEntry("cost_center", "cc-7").doesNotContainKey("ignored");
        assertThat(input.getProperties().keySet()).allMatch(Metrics.AI_TOKENS::allows);
    }

    @Test
    void convertingTheSameObservationAgainGivesTheSameEventIds() {
        String observation = """
                {"id":"obs-2","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"input":1,"output":2}}
                """;
        var first = ((Conversion.Converted) converter.convert(json(observation), null, null)).events();
        var second = ((Conversion.Converted) converter.convert(json(observation), null, null)).events();

        assertThat(second).extracting(RawUsageEvent::getEventId)
                .containsExactlyElementsOf(first.stream().map(RawUsageEvent::getEventId).toList());
    }

    @Test
    void onlyTheTotalIsBilledWhenThereIsNoBreakdown() {
        var events = ((Conversion.Converted) converter.convert(json("""
                {"id":"obs-3","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"total":900}}
                """), null, null)).events();

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.getProperties()).containsEntry(Metrics.TOKEN_TYPE, "total");
            assertThat(event.getQuantity()).isEqualByComparingTo("900");
        });
    }

    @Test
    void theCustomerComesFromTheTraceThenFromMetadata() {
        String observation = """
                {"id":"obs-4","traceId":"t","startTime":"2026-11-21T11:00:00Z","usageDetails":{"input":5},
                 "metadata":{"customer_id":"from-metadata"}}
                """;
        JsonNode trace = json("""
                {"id":"t","userId":"from-trace","metadata":{"subscription_tier":"enterprise"}}
                """);

        var withTrace = ((Conversion.Converted) converter.convert(json(observation), trace, null)).events().getFirst();
        var withoutTrace = ((Conversion.Converted) converter.convert(json(observation), null, null)).events().getFirst();
        var overridden = ((Conversion.Converted) converter.convert(json(observation), trace, "chosen")).events().getFirst();

        assertThat(withTrace.getCustomerId()).isEqualTo("from-trace");
        assertThat(withTrace.getProperties()).containsEntry("subscription_tier", "enterprise");
        assertThat(withoutTrace.getCustomerId()).isEqualTo("from-metadata");
        assertThat(overridden.getCustomerId()).isEqualTo("chosen");
    }

    @Test
    void observationsThatCannotBeBilledAreInvalidWithTheirReason() {
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","usageDetails":{"input":5}}"""))
                .contains("no customer");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"has spaces","usageDetails":{"input":5}}"""))
                .contains("does not match");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"input":-5}}"""))
                .contains("negative");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"input":2.5}}"""))
                .contains("whole number");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme"}"""))
                .contains("no usageDetails");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{}}"""))
                .contains("no input, output or total");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"input":"12"}}"""))
                .contains("not a number");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"yesterday","userId":"acme","usageDetails":{"input":1}}"""))
                .contains("startTime");
        assertThat(reason("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","userId":"acme","usageDetails":{"input":1},
                 "metadata":{"cost_center":{"nested":true}}}"""))
                .contains("metadata.cost_center");
    }

    @Test
    void metadataSerialisedAsAStringIsReadToo() {
        var event = ((Conversion.Converted) converter.convert(json("""
                {"id":"o","traceId":"t","startTime":"2026-11-21T11:00:00Z","usageDetails":{"output":3},
                 "metadata":"{\\"customer_id\\":\\"acme\\",\\"usage_category\\":\\"agent\\"}"}
                """), null, null)).events().getFirst();

        assertThat(event.getCustomerId()).isEqualTo("acme");
        assertThat(event.getProperties()).containsEntry("usage_category", "agent").containsEntry(Metrics.TOKEN_TYPE, "output");
    }

    private String reason(String observation) {
        Conversion conversion = converter.convert(json(observation), null, null);
        assertThat(conversion).isInstanceOf(Conversion.Invalid.class);
        return ((Conversion.Invalid) conversion).reason();
    }

    private static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
